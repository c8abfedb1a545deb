package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Proofs from stored nodes and leaf blocks equal the reference proofs over all leaves, with few reads. */
class MerkleProofsTest {

    /** A log as the sealer leaves it: leaf hashes, and the nodes its compact range completed at levels >= stored. */
    static final class Log implements MerkleProofs.Source {
        final List<byte[]> leaves = new ArrayList<>();
        final Map<String, byte[]> nodes = new HashMap<>();
        final MerkleTree.CompactRange range = new MerkleTree.CompactRange();
        final int stored;
        int nodeReads;
        int leafReads;

        Log(int stored) {
            this.stored = stored;
        }

        /** Appends n leaves; nodes are kept only when {@code keepNodes} (false: sealed before nodes existed). */
        Log append(int n, boolean keepNodes) {
            for (int i = 0; i < n; i++) {
                byte[] leaf = MerkleTree.leafHash(("record " + leaves.size()).getBytes(StandardCharsets.UTF_8));
                leaves.add(leaf);
                range.add(leaf, (level, index, hash) -> {
                    if (keepNodes && level >= stored) {
                        nodes.put(level + "/" + index, hash);
                    }
                });
            }
            return this;
        }

        @Override
        public byte[] node(int level, long index) {
            nodeReads++;
            return nodes.get(level + "/" + index);
        }

        @Override
        public List<byte[]> leaves(long from, long to) {
            leafReads += (int) (to - from);
            return leaves.subList((int) from, (int) to);
        }

        void resetCounts() {
            nodeReads = 0;
            leafReads = 0;
        }
    }

    static List<String> b64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }

    @Test
    void everyProofOfSmallTreesEqualsTheReference() {
        for (int stored : new int[] {1, 2, 3}) {
            Log log = new Log(stored).append(300, true);
            MerkleProofs proofs = new MerkleProofs(log, stored);
            for (int size = 1; size <= 300; size++) {
                int step = size <= 64 ? 1 : 7;
                for (int i = 0; i < size; i += step) {
                    assertEquals(b64(MerkleTree.inclusionProof(log.leaves, i, size)), b64(proofs.inclusion(i, size)),
                            "inclusion of " + i + " in " + size + ", stored level " + stored);
                }
                assertEquals(b64(MerkleTree.inclusionProof(log.leaves, size - 1, size)), b64(proofs.inclusion(size - 1, size)));
                for (int m = 1; m <= size; m += step) {
                    assertEquals(b64(MerkleTree.consistencyProof(log.leaves, m, size)), b64(proofs.consistency(m, size)),
                            "consistency " + m + " -> " + size + ", stored level " + stored);
                }
            }
        }
    }

    @Test
    void logsSealedBeforeNodesWereStoredGetTheSameProofs() {
        // The first 1000 leaves without nodes (an older sealer), then nodes again: the missing ones are computed.
        Log log = new Log(3).append(1000, false).append(700, true);
        Log full = new Log(3).append(1700, true);
        MerkleProofs mixed = new MerkleProofs(log, 3);
        MerkleProofs reference = new MerkleProofs(full, 3);
        for (long size : new long[] {1, 999, 1000, 1024, 1500, 1700}) {
            for (long i = 0; i < size; i += 37) {
                assertEquals(b64(reference.inclusion(i, size)), b64(mixed.inclusion(i, size)));
            }
            for (long m = 1; m <= size; m += 53) {
                assertEquals(b64(reference.consistency(m, size)), b64(mixed.consistency(m, size)));
            }
        }
        assertEquals(b64(MerkleTree.consistencyProof(log.leaves, 1000, 1700)), b64(mixed.consistency(1000, 1700)));
    }

    @Test
    void largeRandomTreesEqualTheReferenceAndReadLogarithmicallyFew() {
        Random random = new Random(6962);
        int stored = 8;
        Log log = new Log(stored).append(70_000, true);
        MerkleProofs proofs = new MerkleProofs(log, stored);
        for (int round = 0; round < 12; round++) {
            int size = 1 + random.nextInt(log.leaves.size());
            int index = random.nextInt(size);
            int old = 1 + random.nextInt(size);
            log.resetCounts();
            List<byte[]> inclusion = proofs.inclusion(index, size);
            assertTrue(log.nodeReads <= 2 * 64 && log.leafReads <= 2 << stored,
                    "inclusion read " + log.nodeReads + " nodes and " + log.leafReads + " leaves");
            assertEquals(b64(MerkleTree.inclusionProof(log.leaves, index, size)), b64(inclusion), index + " in " + size);
            log.resetCounts();
            List<byte[]> consistency = proofs.consistency(old, size);
            assertTrue(log.nodeReads <= 2 * 64 && log.leafReads <= 3 << stored,
                    "consistency read " + log.nodeReads + " nodes and " + log.leafReads + " leaves");
            assertEquals(b64(MerkleTree.consistencyProof(log.leaves, old, size)), b64(consistency), old + " -> " + size);
            assertTrue(MerkleTree.verifyConsistency(old, size, consistency, MerkleTree.root(log.leaves, old), MerkleTree.root(log.leaves, size)));
        }
    }

    @Test
    void impossibleRequestsAreRefused() {
        MerkleProofs proofs = new MerkleProofs(new Log(2).append(10, true), 2);
        assertThrows(IllegalArgumentException.class, () -> proofs.inclusion(10, 10));
        assertThrows(IllegalArgumentException.class, () -> proofs.inclusion(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> proofs.consistency(0, 10));
        assertThrows(IllegalArgumentException.class, () -> proofs.consistency(5, 4));
        assertEquals(List.of(), proofs.consistency(7, 7));
    }
}
