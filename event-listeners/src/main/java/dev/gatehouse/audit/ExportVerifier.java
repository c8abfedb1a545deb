package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an audit export offline. Each JSON Lines record carries {@code seq} (1, 2, 3… with no gap) and
 * {@code prev} (the base64 RFC 6962 leaf hash of the previous line; empty for the first); every signed
 * checkpoint must match the Merkle root of the export's first {@code size} lines. The first failure is
 * named with its kind and record, so an auditor knows what happened, not just that something did.
 */
public final class ExportVerifier {

    /** What went wrong, most specific first. */
    public enum Failure { MODIFIED, DELETED, INSERTED, REORDERED, TRUNCATED, ROLLED_BACK, BAD_SIGNATURE, MALFORMED }

    public record Result(boolean ok, long recordsChecked, Failure failure, long record, String detail) {
        static Result ok(long n) {
            return new Result(true, n, null, 0, "ok");
        }

        static Result fail(long checked, Failure f, long record, String detail) {
            return new Result(false, checked, f, record, detail);
        }

        @Override
        public String toString() {
            return ok ? "OK: " + recordsChecked + " records verified"
                    : "FAILED: " + failure.name().toLowerCase().replace('_', ' ') + (record > 0 ? " at record " + record : "")
                    + ": " + detail;
        }
    }

    /** The last checkpoint a verifier accepted, to refuse a log that went back in time. */
    public record Accepted(long size, byte[] root) {
    }

    private ExportVerifier() {
    }

    /**
     * @param lines        the export's lines, exactly as written (each is a record's canonical encoding)
     * @param signedNotes  the checkpoints, oldest first, as signed notes
     * @param previous     the last checkpoint accepted before, or null
     */
    public static Result verify(List<String> lines, List<String> signedNotes, SignedNote.Verifier key, Accepted previous) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int n = 0; n < signedNotes.size(); n++) {
            try {
                checkpoints.add(Checkpoint.parse(key.open(signedNotes.get(n))));
            } catch (SecurityException | IllegalArgumentException e) {
                return Result.fail(0, Failure.BAD_SIGNATURE, 0, "checkpoint " + (n + 1) + ": " + e.getMessage());
            }
        }

        // 1. Sequence and chain, record by record.
        List<byte[]> leaves = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        byte[] previousLeaf = null;
        for (int i = 0; i < lines.size(); i++) {
            long expected = i + 1;
            String line = lines.get(i);
            Map<?, ?> record;
            try {
                record = (Map<?, ?>) MiniJson.parse(line);
            } catch (RuntimeException e) {
                return Result.fail(i, Failure.MODIFIED, expected, "line " + expected + " is not a JSON record (" + e.getMessage() + ")");
            }
            if (!Arrays.equals(CanonicalJson.encode(record), line.getBytes(StandardCharsets.UTF_8))) {
                return Result.fail(i, Failure.MODIFIED, expected, "line " + expected + " is not in canonical form");
            }
            Object seqValue = record.get("seq");
            if (!(seqValue instanceof Long seq)) {
                return Result.fail(i, Failure.MALFORMED, expected, "line " + expected + " has no seq");
            }
            if (seq != expected) {
                Failure kind;
                if (seen.contains(seq)) {
                    kind = Failure.INSERTED;
                } else if (seq > expected && !laterHas(lines, i + 1, expected)) {
                    kind = Failure.DELETED;
                } else if (seq > expected || laterHas(lines, i + 1, expected)) {
                    kind = Failure.REORDERED;
                } else {
                    kind = Failure.INSERTED;
                }
                return Result.fail(i, kind, kind == Failure.DELETED ? expected : seq,
                        "line " + expected + " holds record " + seq + " where record " + expected + " belongs");
            }
            seen.add(seq);
            byte[] leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
            String prev = String.valueOf(record.get("prev"));
            String wanted = previousLeaf == null ? "" : Base64.getEncoder().encodeToString(previousLeaf);
            if (!wanted.equals(prev)) {
                // The chain breaks here because the record before no longer hashes to what this one recorded.
                return Result.fail(i, Failure.MODIFIED, expected - 1,
                        "record " + (expected - 1) + " does not hash to the value record " + expected + " chained to");
            }
            leaves.add(leaf);
            previousLeaf = leaf;
        }

        // 2. Every checkpoint against the Merkle tree of the export's prefix.
        long lastSize = -1;
        for (Checkpoint c : checkpoints) {
            if (c.size() > leaves.size()) {
                return Result.fail(leaves.size(), Failure.TRUNCATED, leaves.size() + 1,
                        "the export has " + leaves.size() + " records, a checkpoint signed " + c.size());
            }
            if (c.size() < lastSize) {
                return Result.fail(leaves.size(), Failure.ROLLED_BACK, c.size(), "checkpoints go back from " + lastSize + " to " + c.size());
            }
            lastSize = c.size();
            if (!Arrays.equals(MerkleTree.root(leaves, (int) c.size()), c.root())) {
                return Result.fail(leaves.size(), Failure.MODIFIED, c.size(),
                        "the first " + c.size() + " records do not match the signed tree head (a record up to " + c.size() + " was changed)");
            }
        }
        if (checkpoints.isEmpty()) {
            return Result.fail(leaves.size(), Failure.MALFORMED, 0, "no checkpoint to verify against");
        }

        // 3. Never behind what this verifier accepted before.
        Checkpoint newest = checkpoints.get(checkpoints.size() - 1);
        if (previous != null) {
            if (newest.size() < previous.size()) {
                return Result.fail(leaves.size(), Failure.ROLLED_BACK, newest.size(),
                        "the newest checkpoint has " + newest.size() + " records, " + previous.size() + " were accepted before");
            }
            if (previous.size() > 0 && !Arrays.equals(MerkleTree.root(leaves, (int) previous.size()), previous.root())) {
                return Result.fail(leaves.size(), Failure.ROLLED_BACK, previous.size(),
                        "the log was rewritten since the checkpoint of " + previous.size() + " records accepted before");
            }
        }
        return Result.ok(leaves.size());
    }

    private static boolean laterHas(List<String> lines, int from, long seq) {
        String needle = "\"seq\":" + seq + ",";
        String needleEnd = "\"seq\":" + seq + "}";
        for (int j = from; j < lines.size(); j++) {
            if (lines.get(j).contains(needle) || lines.get(j).contains(needleEnd)) {
                return true;
            }
        }
        return false;
    }
}
