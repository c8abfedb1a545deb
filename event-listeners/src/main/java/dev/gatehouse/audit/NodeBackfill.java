package dev.gatehouse.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills in the stored nodes of a log sealed before nodes were kept, oldest first, one bounded step at a time.
 * A step starts where the previous one ended ({@code done}: every perfect subtree of stored levels inside the
 * first {@code done} leaves has its node), rebuilds the compact range there from stored nodes and at most
 * 2^storedLevel - 1 leaves, adds the leaves up to the tree size of a stored checkpoint, and keeps the nodes that
 * merging completes. Before anything is written, the range must give that checkpoint's root: every node of the
 * step (and every stored node it started from) is a part of that root, so a changed leaf hash or a wrong stored
 * node fails the whole step instead of being written down. A node already stored must equal the computed one.
 */
public final class NodeBackfill {

    /** Where the step reads from: stored nodes and sealed leaves, and a level's stored nodes at once. */
    public interface Source extends MerkleProofs.Source {

        /** Stored nodes of one level with index in [fromIndex, toIndex), by index. */
        Map<Long, byte[]> nodes(int level, long fromIndex, long toIndex);
    }

    /** A node to write. */
    public record Node(int level, long index, byte[] hash) {
    }

    /** A step's outcome: the nodes to store (missing ones only) and the new {@code done}. */
    public record Step(List<Node> missing, int computed, long done) {
    }

    /** The stored data does not lead to the checkpoint's root: nothing of the step may be written. */
    public static final class Mismatch extends RuntimeException {
        public Mismatch(String message) {
            super(message);
        }
    }

    private final Source source;
    private final int storedLevel;

    public NodeBackfill(Source source, int storedLevel) {
        this.source = source;
        this.storedLevel = storedLevel;
    }

    /**
     * The tree size a step from {@code done} should end at, among stored checkpoint sizes: the largest within
     * {@code budget} leaves, else the smallest beyond (a step is never empty); null when none is above done.
     */
    public static Long target(long done, long budget, Long largestWithinBudget, Long smallestAbove) {
        if (largestWithinBudget != null && largestWithinBudget > done && largestWithinBudget <= done + budget) {
            return largestWithinBudget;
        }
        return smallestAbove != null && smallestAbove > done ? smallestAbove : null;
    }

    /** One step from {@code done} to the checkpoint of {@code size} leaves and root {@code root}. */
    public Step step(long done, long size, byte[] root) {
        if (done < 0 || size <= done) {
            throw new IllegalArgumentException("no backfill from " + done + " to " + size);
        }
        long start = done >> storedLevel << storedLevel;
        List<byte[]> peaks = new ArrayList<>();
        long covered = 0;
        for (int level = 63 - Long.numberOfLeadingZeros(Math.max(start, 1)); level >= storedLevel; level--) {
            if ((start & (1L << level)) != 0) {
                byte[] h = source.node(level, covered >> level);
                if (h == null) {
                    throw new Mismatch("node " + level + "/" + (covered >> level) + " is missing below the backfill mark " + done);
                }
                peaks.add(h);
                covered += 1L << level;
            }
        }
        MerkleTree.CompactRange range = MerkleTree.CompactRange.of(start, peaks);
        List<Node> computed = new ArrayList<>();
        for (long from = start; from < size; from += MerkleProofs.PAGE) {
            long to = Math.min(size, from + MerkleProofs.PAGE);
            List<byte[]> leaves = source.leaves(from, to);
            if (leaves.size() != to - from) {
                throw new Mismatch("expected " + (to - from) + " leaves from " + from + ", got " + leaves.size());
            }
            for (byte[] leaf : leaves) {
                range.add(leaf, (level, index, hash) -> {
                    if (level >= storedLevel) {
                        computed.add(new Node(level, index, hash));
                    }
                });
            }
        }
        if (!Arrays.equals(range.root(), root)) {
            throw new Mismatch("the leaves and nodes up to " + size + " do not lead to the checkpoint's root");
        }
        return new Step(missing(computed), computed.size(), size);
    }

    private List<Node> missing(List<Node> computed) {
        Map<Integer, List<Node>> byLevel = new TreeMap<>();
        computed.forEach(n -> byLevel.computeIfAbsent(n.level(), l -> new ArrayList<>()).add(n));
        List<Node> missing = new ArrayList<>();
        for (List<Node> nodes : byLevel.values()) {
            Node first = nodes.get(0);
            Map<Long, byte[]> stored = source.nodes(first.level(), first.index(), nodes.get(nodes.size() - 1).index() + 1);
            for (Node n : nodes) {
                byte[] s = stored.get(n.index());
                if (s == null) {
                    missing.add(n);
                } else if (!Arrays.equals(s, n.hash())) {
                    throw new Mismatch("stored node " + n.level() + "/" + n.index() + " differs from the hash of its leaves");
                }
            }
        }
        return missing;
    }

    /** The root of a checkpoint note, signed or not (the backfill trusts the database's checkpoints, as proofs do). */
    public static byte[] root(String note) {
        int split = note.lastIndexOf("\n\n");
        return Checkpoint.parse(split < 0 ? note : note.substring(0, split + 1)).root();
    }
}
