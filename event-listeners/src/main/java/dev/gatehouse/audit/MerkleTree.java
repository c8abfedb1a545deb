package dev.gatehouse.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing over leaf hashes: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || l || r),
 * the tree of n leaves split at the largest power of two below n. Also inclusion and consistency proofs and
 * their verification (RFC 9162, section 2.1.3 and 2.1.4), so that standard transparency-log tooling agrees.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(entry);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** MTH of the first {@code size} leaf hashes; the empty tree hashes to SHA-256 of nothing. */
    public static byte[] root(List<byte[]> leaves, int size) {
        if (size == 0) {
            return sha256().digest();
        }
        return subtree(leaves, 0, size);
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves (RFC 6962 PATH). */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(leaves, index, 0, size, proof);
        return proof;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves, m, from, from + k, proof);
            proof.add(subtree(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, proof);
            proof.add(subtree(leaves, from, from + k));
        }
    }

    /** A consistency proof from the tree of {@code oldSize} leaves to the tree of {@code newSize} (RFC 6962 PROOF). */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, int oldSize, int newSize) {
        if (oldSize <= 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(leaves, oldSize, 0, newSize, true, proof);
        return proof;
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(subtree(leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, complete, proof);
            proof.add(subtree(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, proof);
            proof.add(subtree(leaves, from, from + k));
        }
    }

    /** RFC 9162 2.1.3.2: does {@code leafHash} sit at {@code index} of the tree with {@code root}? */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: is the tree of {@code newSize} with {@code newRoot} an append-only extension of the old one? */
    public static boolean verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot, byte[] newRoot) {
        if (oldSize == newSize) {
            return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
        }
        if (oldSize <= 0 || oldSize > newSize || proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot); // old tree is a complete subtree: its root starts the path
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
    }

    /**
     * The compact range of a growing tree: one hash per set bit of its size (the roots of its perfect subtrees,
     * biggest first). Appending is amortised O(1) and the root is O(log n), so neither the sealer nor the
     * verifier keeps all leaves. {@link #encode()} stores it between seals.
     */
    public static final class CompactRange {
        private final List<byte[]> hashes = new ArrayList<>();
        private long size;

        public long size() {
            return size;
        }

        public void add(byte[] leafHash) {
            add(leafHash, (level, index, hash) -> { });
        }

        /** Adds a leaf and tells {@code completed} about each perfect subtree the addition completes. */
        public void add(byte[] leafHash, NodeSink completed) {
            byte[] h = leafHash;
            int level = 0;
            for (long m = size; (m & 1) == 1; m >>= 1) {
                h = nodeHash(hashes.remove(hashes.size() - 1), h);
                level++;
                completed.node(level, size >> level, h);
            }
            hashes.add(h);
            size++;
        }

        /** RFC 6962 MTH of all leaves added so far. */
        public byte[] root() {
            if (size == 0) {
                return sha256().digest();
            }
            byte[] r = hashes.get(hashes.size() - 1);
            for (int i = hashes.size() - 2; i >= 0; i--) {
                r = nodeHash(hashes.get(i), r);
            }
            return r;
        }

        /** "size hash hash…" in base64, for storage. */
        public String encode() {
            StringBuilder b = new StringBuilder().append(size);
            hashes.forEach(h -> b.append(' ').append(java.util.Base64.getEncoder().encodeToString(h)));
            return b.toString();
        }

        /** The range of the first {@code size} leaves, from the hashes of its perfect subtrees, largest first. */
        public static CompactRange of(long size, List<byte[]> hashes) {
            if (Long.bitCount(size) != hashes.size()) {
                throw new IllegalArgumentException("a compact range of " + size + " leaves has " + Long.bitCount(size) + " hashes");
            }
            CompactRange r = new CompactRange();
            r.size = size;
            r.hashes.addAll(hashes);
            return r;
        }

        public static CompactRange decode(String text) {
            String[] parts = text.trim().split(" ");
            CompactRange r = new CompactRange();
            r.size = Long.parseLong(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                r.hashes.add(java.util.Base64.getDecoder().decode(parts[i]));
            }
            if (Long.bitCount(r.size) != r.hashes.size()) {
                throw new IllegalArgumentException("a compact range of " + r.size + " leaves has " + Long.bitCount(r.size) + " hashes");
            }
            return r;
        }
    }

    /** Receives the hash of the perfect subtree of leaves {@code index * 2^level} to {@code (index + 1) * 2^level - 1}. */
    @FunctionalInterface
    public interface NodeSink {
        void node(int level, long index, byte[] hash);
    }

    static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
