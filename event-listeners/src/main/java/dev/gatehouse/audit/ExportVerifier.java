package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an audit export offline, line by line in O(log n) memory. Each JSON Lines record carries {@code seq}
 * (1, 2, 3… with no gap) and {@code prev} (the base64 RFC 6962 leaf hash of the previous line; empty for the
 * first); every checkpoint must match the Merkle root of the export's first {@code size} lines. The first
 * failure is named with its kind and record, so an auditor knows what happened, not just that something did.
 *
 * <p>Retention replaces old records by stubs {@code {"leaf":…,"prev":…,"pruned":true,"seq":n}}. A stub is
 * accepted only up to the highest {@code pruned N} line of a signed checkpoint, and its leaf still has to match
 * every checkpoint signed before the prune, so pruning can't hide a change.
 */
public final class ExportVerifier {

    /** What went wrong, most specific first. */
    public enum Failure {
        MODIFIED, DELETED, INSERTED, REORDERED, TRUNCATED, ROLLED_BACK, BAD_SIGNATURE, MALFORMED;

        /** The failure's name in REST output and metric labels ("rolled_back"), the same under any default locale. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The checkpoint extension line that authorises stubs for records 1..N. */
    public static final String PRUNED = "pruned ";

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
                    : "FAILED: " + failure.label().replace('_', ' ') + (record > 0 ? " at record " + record : "")
                    + ": " + detail;
        }
    }

    /** The last checkpoint a verifier accepted, to refuse a log that went back in time. */
    public record Accepted(long size, byte[] root) {
    }

    private static final Set<String> STUB_KEYS = Set.of("leaf", "prev", "pruned", "seq");

    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final Accepted previous;
    private final Map<Long, byte[]> rootsAt = new HashMap<>();
    private final MerkleTree.CompactRange range = new MerkleTree.CompactRange();
    private final BitSet seqs = new BitSet();
    private long prunedUpTo;
    private long lines;
    private String previousLeaf = "";
    private Result failure;
    // The first line whose seq is not the next one; classified once the whole export is seen.
    private long anomalyExpected;
    private long anomalySeq;
    private long duplicateSeq;
    private boolean outOfRange;

    /**
     * @param signedNotes the checkpoints, oldest first: signed notes, or bare checkpoint texts when key is null
     * @param key         the signed-note verifier key; null only for a log configured without a signing key
     * @param previous    the last checkpoint accepted before, or null
     */
    public ExportVerifier(List<String> signedNotes, SignedNote.Verifier key, Accepted previous) {
        this.previous = previous;
        for (int n = 0; n < signedNotes.size(); n++) {
            try {
                Checkpoint c = Checkpoint.parse(key == null ? signedNotes.get(n) : key.open(signedNotes.get(n)));
                checkpoints.add(c);
                rootsAt.put(c.size(), null);
                for (String e : c.extensions()) {
                    if (e.startsWith(PRUNED)) {
                        prunedUpTo = Math.max(prunedUpTo, Long.parseLong(e.substring(PRUNED.length())));
                    }
                }
            } catch (SecurityException | IllegalArgumentException e) {
                failure = Result.fail(0, Failure.BAD_SIGNATURE, 0, "checkpoint " + (n + 1) + ": " + e.getMessage());
                return;
            }
        }
        if (previous != null) {
            rootsAt.put(previous.size(), null);
        }
        rootsAt.computeIfPresent(0L, (k, v) -> range.root());
    }

    /** Convenience for exports held in memory. */
    public static Result verify(List<String> lines, List<String> signedNotes, SignedNote.Verifier key, Accepted previous) {
        ExportVerifier v = new ExportVerifier(signedNotes, key, previous);
        for (String line : lines) {
            v.accept(line);
        }
        return v.finish();
    }

    /** Checks the next line of the export. Returns false once the export has failed and needs no more lines. */
    public boolean accept(String line) {
        if (failure != null) {
            return false;
        }
        lines++;
        Map<?, ?> record;
        try {
            record = (Map<?, ?>) MiniJson.parse(line);
        } catch (RuntimeException e) {
            return fail(Failure.MODIFIED, lines, "line " + lines + " is not a JSON record (" + e.getMessage() + ")");
        }
        // No canonical re-encoding check: the leaf hash covers the line's exact bytes, so any change to them,
        // canonical or not, breaks the chain or a signed root. (It was most of the verifier's cost.)
        if (!(record.get("seq") instanceof Long seq)) {
            return fail(Failure.MALFORMED, lines, "line " + lines + " has no seq");
        }
        // Seqs beyond any plausible export size are never in range; don't let them grow the bit set.
        if (seq < 1 || seq > Integer.MAX_VALUE - 1) {
            outOfRange = true;
        } else {
            if (seqs.get(seq.intValue()) && duplicateSeq == 0) {
                duplicateSeq = seq;
            }
            seqs.set(seq.intValue());
        }
        if (anomalyExpected != 0) {
            return true; // only collecting seqs to classify the anomaly
        }
        if (seq != lines) {
            anomalyExpected = lines;
            anomalySeq = seq;
            return true;
        }
        byte[] leaf;
        if (Boolean.TRUE.equals(record.get("pruned"))) {
            if (!record.keySet().equals(STUB_KEYS) || seq > prunedUpTo) {
                return fail(Failure.MODIFIED, seq, "record " + seq + " is a pruned stub, but no signed checkpoint prunes it");
            }
            try {
                leaf = Base64.getDecoder().decode(String.valueOf(record.get("leaf")));
            } catch (IllegalArgumentException e) {
                return fail(Failure.MALFORMED, seq, "record " + seq + " has a bad leaf hash");
            }
            if (leaf.length != 32) {
                return fail(Failure.MALFORMED, seq, "record " + seq + " has a bad leaf hash");
            }
        } else {
            leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
        }
        if (!previousLeaf.equals(String.valueOf(record.get("prev")))) {
            // The chain breaks here because the record before no longer hashes to what this one recorded.
            return fail(Failure.MODIFIED, seq - 1, "record " + (seq - 1) + " does not hash to the value record " + seq + " chained to");
        }
        previousLeaf = Base64.getEncoder().encodeToString(leaf);
        range.add(leaf);
        if (rootsAt.containsKey(range.size())) {
            rootsAt.put(range.size(), range.root());
        }
        return true;
    }

    /** The verdict once every line has been given. */
    public Result finish() {
        if (failure != null) {
            return failure;
        }
        if (anomalyExpected != 0) {
            return classifyAnomaly();
        }
        long n = range.size();
        long lastSize = -1;
        for (Checkpoint c : checkpoints) {
            if (c.size() > n) {
                return Result.fail(n, Failure.TRUNCATED, n + 1, "the export has " + n + " records, a checkpoint signed " + c.size());
            }
            if (c.size() < lastSize) {
                return Result.fail(n, Failure.ROLLED_BACK, c.size(), "checkpoints go back from " + lastSize + " to " + c.size());
            }
            lastSize = c.size();
            if (!Arrays.equals(rootsAt.get(c.size()), c.root())) {
                return Result.fail(n, Failure.MODIFIED, c.size(),
                        "the first " + c.size() + " records do not match the signed tree head (a record up to " + c.size() + " was changed)");
            }
        }
        if (checkpoints.isEmpty()) {
            return Result.fail(n, Failure.MALFORMED, 0, "no checkpoint to verify against");
        }
        Checkpoint newest = checkpoints.get(checkpoints.size() - 1);
        if (previous != null) {
            if (newest.size() < previous.size()) {
                return Result.fail(n, Failure.ROLLED_BACK, newest.size(),
                        "the newest checkpoint has " + newest.size() + " records, " + previous.size() + " were accepted before");
            }
            if (previous.size() > n || !Arrays.equals(rootsAt.get(previous.size()), previous.root())) {
                return Result.fail(n, Failure.ROLLED_BACK, previous.size(),
                        "the log was rewritten since the checkpoint of " + previous.size() + " records accepted before");
            }
        }
        return Result.ok(n);
    }

    /** The newest checkpoint, for a caller that remembers what it accepted. */
    public Checkpoint newest() {
        return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
    }

    private Result classifyAnomaly() {
        long checked = anomalyExpected - 1;
        boolean permutation = !outOfRange && seqs.cardinality() == lines && seqs.nextClearBit(1) == lines + 1;
        Failure kind;
        long record;
        if (duplicateSeq != 0) {
            kind = Failure.INSERTED;
            record = duplicateSeq;
        } else if (permutation) {
            kind = Failure.REORDERED;
            record = anomalySeq; // the record found out of place
        } else if (!seqs.get((int) anomalyExpected)) {
            kind = Failure.DELETED;
            record = anomalyExpected;
        } else {
            kind = Failure.INSERTED;
            record = anomalySeq;
        }
        return Result.fail(checked, kind, record,
                "line " + anomalyExpected + " holds record " + anomalySeq + " where record " + anomalyExpected + " belongs");
    }

    private boolean fail(Failure kind, long record, String detail) {
        failure = Result.fail(range.size(), kind, record, detail);
        return false;
    }
}
