package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The backfill stores exactly the nodes the sealer would have, in bounded steps, and never a wrong one. */
class NodeBackfillTest {

    static final int STORED = MerkleProofs.STORED_LEVEL;
    static final long BUDGET = 1 << 16;

    /** A log (leaves, nodes) with a checkpoint root at chosen sizes, as the database holds it. */
    static final class Stored implements NodeBackfill.Source {
        final MerkleProofsTest.Log log = new MerkleProofsTest.Log(STORED);
        final TreeMap<Long, byte[]> checkpoints = new TreeMap<>();

        /** Appends n leaves in seals of {@code perSeal}, each followed by a checkpoint. */
        Stored seal(int n, int perSeal, boolean keepNodes) {
            for (int done = 0; done < n; done += perSeal) {
                log.append(Math.min(perSeal, n - done), keepNodes);
                checkpoints.put(log.range.size(), log.range.root());
            }
            return this;
        }

        @Override
        public byte[] node(int level, long index) {
            return log.node(level, index);
        }

        @Override
        public Map<Long, byte[]> nodes(int level, long fromIndex, long toIndex) {
            Map<Long, byte[]> found = new HashMap<>();
            for (long i = fromIndex; i < toIndex; i++) {
                byte[] h = log.nodes.get(level + "/" + i);
                if (h != null) {
                    found.put(i, h);
                }
            }
            return found;
        }

        @Override
        public List<byte[]> leaves(long from, long to) {
            return log.leaves(from, to);
        }

        /** One step as the task runs it: target a checkpoint, write the missing nodes; returns the new mark. */
        long step(long done) {
            Long within = checkpoints.floorKey(done + BUDGET);
            Long above = checkpoints.higherKey(done);
            Long target = NodeBackfill.target(done, BUDGET, within, above);
            NodeBackfill.Step step = new NodeBackfill(this, STORED).step(done, target, checkpoints.get(target));
            for (NodeBackfill.Node n : step.missing()) {
                assertNull(log.nodes.put(n.level() + "/" + n.index(), n.hash()), "a stored node is not written again");
            }
            return step.done();
        }

        /** Steps until every leaf is covered; returns the number of steps. */
        int backfill() {
            int steps = 0;
            for (long done = 0; done < log.leaves.size(); steps++) {
                long next = step(done);
                assertTrue(next > done);
                done = next;
            }
            return steps;
        }
    }

    static Map<String, String> b64(Map<String, byte[]> nodes) {
        Map<String, String> m = new TreeMap<>();
        nodes.forEach((k, v) -> m.put(k, Base64.getEncoder().encodeToString(v)));
        return m;
    }

    @Test
    void anOldLogGetsExactlyTheSealersNodesInBoundedSteps() {
        // 100,000 leaves sealed before nodes were kept (a gap of 80,000 without checkpoints in it), 40,000 after.
        Stored old = new Stored().seal(10_000, 5_000, false);
        old.log.append(80_000, false);
        old.checkpoints.put(old.log.range.size(), old.log.range.root());
        old.seal(10_000, 5_000, false).seal(40_000, 3_001, true);
        MerkleProofsTest.Log reference = new MerkleProofsTest.Log(STORED).append(140_000, true);
        assertTrue(old.log.nodes.size() < reference.nodes.size() / 2, "the old part has no nodes");

        int steps = old.backfill();
        assertEquals(b64(reference.nodes), b64(old.log.nodes), "every node of the stored levels, each equal to the sealer's");
        // 0 → 10,000 → 90,000 (the gap) → 140,000 (largest checkpoint within 65,536): three steps.
        assertEquals(3, steps);

        MerkleProofs proofs = new MerkleProofs(old, STORED);
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            int size = 1 + random.nextInt(140_000);
            int index = random.nextInt(size);
            old.log.resetCounts();
            assertEquals(MerkleProofsTest.b64(MerkleTree.inclusionProof(reference.leaves, index, size)),
                    MerkleProofsTest.b64(proofs.inclusion(index, size)));
            assertTrue(old.log.leafReads <= 3 * 256, "a proof reads at most three leaf blocks, read " + old.log.leafReads);
        }
    }

    @Test
    void stepsStartAnywhereAndOnlyAddWhatIsMissing() {
        Stored s = new Stored().seal(70_000, 777, false);
        long done = 0;
        List<Long> marks = new ArrayList<>();
        while (done < 70_000) {
            done = s.step(done);
            marks.add(done);
            assertTrue(done % 777 == 0 || done == 70_000, "a step ends at a checkpoint: " + done);
        }
        assertEquals(List.of(65_268L, 70_000L), marks, "largest checkpoint within 65,536 leaves, then the rest");
        MerkleProofsTest.Log reference = new MerkleProofsTest.Log(STORED).append(70_000, true);
        assertEquals(b64(reference.nodes), b64(s.log.nodes));
        // Run again from 0 over a complete log: checks every node, writes none.
        assertEquals(0, new NodeBackfill(s, STORED).step(0, 65_268, s.checkpoints.get(65_268L)).missing().size());
    }

    @Test
    void aChangedLeafHashWritesNothing() {
        Stored s = new Stored().seal(20_000, 5_000, false);
        s.log.leaves.set(12_345, MerkleTree.leafHash(new byte[] {1}));
        // The step up to 20,000 covers the changed leaf: it fails as a whole, before any node is handed out.
        assertThrows(NodeBackfill.Mismatch.class, () -> s.step(0));
        assertTrue(s.log.nodes.isEmpty());
    }

    @Test
    void aWrongStoredNodeIsRefusedWhetherBelowOrInsideTheStep() {
        Stored s = new Stored().seal(140_000, 5_000, false);
        long mark = s.step(0);
        assertEquals(65_000, mark);
        // Below the mark: the next step starts from it and no longer reaches the checkpoint's root.
        String below = "15/0";
        byte[] kept = s.log.nodes.put(below, MerkleTree.leafHash(new byte[] {2}));
        assertThrows(NodeBackfill.Mismatch.class, () -> s.step(mark));
        s.log.nodes.put(below, kept);
        // Inside the step: a node the sealer (or an attacker) stored differs from its leaves' hash.
        s.log.nodes.put(STORED + "/300", MerkleTree.leafHash(new byte[] {3}));
        NodeBackfill.Mismatch m = assertThrows(NodeBackfill.Mismatch.class, () -> s.step(mark));
        assertTrue(m.getMessage().contains("8/300"), m.getMessage());
    }

    @Test
    void theTargetIsACheckpointWithinTheBudgetElseTheNextOne() {
        assertEquals(60_000L, NodeBackfill.target(1_000, BUDGET, 60_000L, 61_000L));
        assertEquals(200_000L, NodeBackfill.target(1_000, BUDGET, null, 200_000L));
        assertNull(NodeBackfill.target(1_000, BUDGET, null, null));
    }

    @Test
    void theRootOfSignedAndUnsignedNotes() {
        byte[] root = MerkleTree.leafHash(new byte[] {4});
        String text = new Checkpoint("gatehouse/demo", 5, root, List.of("time 2026-12-01T00:00:00Z")).text();
        SignedNote.Signer signer = new SignedNote.Signer("gatehouse", new byte[32]);
        assertEquals(Base64.getEncoder().encodeToString(root), Base64.getEncoder().encodeToString(NodeBackfill.root(text)));
        assertEquals(Base64.getEncoder().encodeToString(root), Base64.getEncoder().encodeToString(NodeBackfill.root(signer.sign(text))));
    }
}
