package dev.gatehouse.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 6962 inclusion and consistency proofs for a log too big to hold in memory. Perfect subtrees of
 * 2^storedLevel leaves or more come from stored node hashes (the sealer writes them as its compact range
 * merges); smaller ones are hashed from their leaves, read one aligned block of 2^storedLevel at a time.
 * A proof thus reads O(log n) nodes and at most three leaf blocks. A node that isn't stored (a log sealed
 * before nodes were kept) is hashed from its leaves, read in pages: slower, same result.
 * The proofs equal {@link MerkleTree#inclusionProof} and {@link MerkleTree#consistencyProof}.
 */
public final class MerkleProofs {

    /** Nodes the sealer stores: subtrees of 256 leaves and up, about one row per 128 records. */
    public static final int STORED_LEVEL = 8;
    /** Leaves read at once when a missing node is hashed from its leaves. */
    static final int PAGE = 1 << 16;

    /** Where the hashes come from: stored nodes and sealed leaves, both by 0-based position. */
    public interface Source {

        /** The stored hash of the perfect subtree of leaves index * 2^level .. (index + 1) * 2^level - 1, or null. */
        byte[] node(int level, long index);

        /** The leaf hashes from {@code from} (inclusive) to {@code to} (exclusive), in order. */
        List<byte[]> leaves(long from, long to);
    }

    private final Source source;
    private final int storedLevel;
    private final Map<Long, List<byte[]>> blocks = new HashMap<>();

    /** {@code storedLevel}: the lowest level whose nodes the source may have. */
    public MerkleProofs(Source source, int storedLevel) {
        if (storedLevel < 1 || storedLevel > 20) {
            throw new IllegalArgumentException("stored level between 1 and 20");
        }
        this.source = source;
        this.storedLevel = storedLevel;
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
    public List<byte[]> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        blocks.clear();
        long m = index;
        long from = 0;
        long to = size;
        List<byte[]> reversed = new ArrayList<>();
        // Iterative form of RFC 6962 PATH: the sibling of each level, collected root-first, returned leaf-first.
        while (to - from > 1) {
            long k = largestPowerOfTwoBelow(to - from);
            if (m < k) {
                reversed.add(subtree(from + k, to, size));
                to = from + k;
            } else {
                reversed.add(subtree(from, from + k, size));
                m -= k;
                from += k;
            }
        }
        return leafFirst(reversed);
    }

    /** The consistency proof from the tree of {@code oldSize} leaves to the tree of {@code newSize}. */
    public List<byte[]> consistency(long oldSize, long newSize) {
        if (oldSize <= 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
        }
        blocks.clear();
        List<byte[]> reversed = new ArrayList<>();
        long m = oldSize;
        long from = 0;
        long to = newSize;
        boolean complete = true;
        // Iterative form of RFC 6962 SUBPROOF, collected root-first, returned leaf-first.
        while (m != to - from) {
            long k = largestPowerOfTwoBelow(to - from);
            if (m <= k) {
                reversed.add(subtree(from + k, to, newSize));
                to = from + k;
            } else {
                reversed.add(subtree(from, from + k, newSize));
                m -= k;
                from += k;
                complete = false;
            }
        }
        if (!complete) {
            reversed.add(subtree(from, to, newSize));
        }
        return leafFirst(reversed);
    }

    private static List<byte[]> leafFirst(List<byte[]> rootFirst) {
        List<byte[]> proof = new ArrayList<>(rootFirst.size());
        for (int i = rootFirst.size() - 1; i >= 0; i--) {
            proof.add(rootFirst.get(i));
        }
        return proof;
    }

    /** MTH of leaves from..to-1, where {@code from} is a multiple of the largest power of two not above to - from. */
    private byte[] subtree(long from, long to, long size) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return perfect(level, from >> level, size);
        }
        long k = largestPowerOfTwoBelow(n);
        return MerkleTree.nodeHash(subtree(from, from + k, size), subtree(from + k, to, size));
    }

    private byte[] perfect(int level, long index, long size) {
        if (level >= storedLevel) {
            byte[] stored = source.node(level, index);
            if (stored != null) {
                return stored;
            }
            // Sealed before nodes were stored, and so was everything below it: hash its leaves, a page at a time.
            MerkleTree.CompactRange range = new MerkleTree.CompactRange();
            long end = (index + 1) << level;
            for (long from = index << level; from < end; from += PAGE) {
                leaves(from, Math.min(end, from + PAGE)).forEach(range::add);
            }
            return range.root();
        }
        long first = index << level;
        long block = first >> storedLevel;
        List<byte[]> leaves = blocks.computeIfAbsent(block, b -> {
            long start = b << storedLevel;
            long end = Math.min(start + (1L << storedLevel), size);
            return leaves(start, end);
        });
        int offset = (int) (first - (block << storedLevel));
        return perfectFrom(leaves, offset, 1 << level);
    }

    private List<byte[]> leaves(long from, long to) {
        List<byte[]> read = source.leaves(from, to);
        if (read.size() != to - from) {
            throw new IllegalStateException("expected " + (to - from) + " leaves from " + from + ", got " + read.size());
        }
        return read;
    }

    private static byte[] perfectFrom(List<byte[]> leaves, int from, int n) {
        if (n == 1) {
            return leaves.get(from);
        }
        return MerkleTree.nodeHash(perfectFrom(leaves, from, n / 2), perfectFrom(leaves, from + n / 2, n / 2));
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
