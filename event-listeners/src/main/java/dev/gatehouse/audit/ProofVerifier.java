package dev.gatehouse.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks the JSON of {@code GET proofs/inclusion} and {@code GET proofs/consistency} offline, on the JDK alone:
 * the signed checkpoints under the verifier key, the leaf hash recomputed from the record's line when it has one,
 * and the RFC 9162 proof against the signed roots. Nothing in the JSON is trusted that the signature or the
 * proof doesn't cover.
 */
public final class ProofVerifier {

    /** The outcome; {@code toString()} is what the CLI prints. */
    public record Result(boolean ok, String message, Checkpoint checkpoint) {
        @Override
        public String toString() {
            return (ok ? "OK: " : "FAILED: ") + message;
        }
    }

    private ProofVerifier() {
    }

    /** Verifies an inclusion proof document. */
    public static Result inclusion(String json, SignedNote.Verifier key) {
        try {
            Map<?, ?> doc = object(json);
            long seq = number(doc, "seq");
            long index = number(doc, "index");
            long treeSize = number(doc, "treeSize");
            Checkpoint checkpoint = open(key, text(doc, "checkpoint", false), "checkpoint");
            if (checkpoint.size() != treeSize) {
                return failed("treeSize " + treeSize + " differs from the signed checkpoint's size " + checkpoint.size());
            }
            if (index != seq - 1) {
                return failed("index " + index + " is not seq - 1 (seq " + seq + ")");
            }
            String line = text(doc, "line", true);
            String leafHash = text(doc, "leafHash", true);
            byte[] leaf;
            if (line != null) {
                leaf = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
                if (leafHash != null && !Arrays.equals(leaf, hash(leafHash, "leafHash"))) {
                    return failed("the line's leaf hash differs from leafHash: the line was changed");
                }
                Object lineSeq = MiniJson.parse(line) instanceof Map<?, ?> fields ? fields.get("seq") : null;
                if (!Long.valueOf(seq).equals(lineSeq)) {
                    return failed("the line's seq differs from seq " + seq);
                }
            } else if (leafHash != null) {
                leaf = hash(leafHash, "leafHash");
            } else {
                return failed("neither line nor leafHash");
            }
            if (!MerkleTree.verifyInclusion(leaf, index, treeSize, hashes(doc), checkpoint.root())) {
                return failed("the inclusion proof of record " + seq + " does not lead to the signed root of size " + treeSize);
            }
            return new Result(true, "record " + seq + (line == null ? " (pruned: leaf hash only)" : "")
                    + " is in the signed tree of size " + treeSize, checkpoint);
        } catch (IllegalArgumentException | SecurityException e) {
            return failed(e.getMessage());
        }
    }

    /**
     * Verifies a consistency proof document; with {@code accepted} (a checkpoint accepted before), its
     * fromCheckpoint must be that one, so a monitor chains each new checkpoint to the last it trusted.
     */
    public static Result consistency(String json, SignedNote.Verifier key, ExportVerifier.Accepted accepted) {
        try {
            Map<?, ?> doc = object(json);
            long from = number(doc, "from");
            long to = number(doc, "to");
            Checkpoint older = open(key, text(doc, "fromCheckpoint", false), "fromCheckpoint");
            Checkpoint newer = open(key, text(doc, "toCheckpoint", false), "toCheckpoint");
            if (older.size() != from || newer.size() != to) {
                return failed("from/to (" + from + ", " + to + ") differ from the signed checkpoints' sizes ("
                        + older.size() + ", " + newer.size() + ")");
            }
            if (!older.origin().equals(newer.origin())) {
                return failed("the checkpoints are of different logs: " + older.origin() + ", " + newer.origin());
            }
            if (from <= 0 || from > to) {
                return failed("from must be between 1 and to");
            }
            if (accepted != null && (accepted.size() != from || !Arrays.equals(accepted.root(), older.root()))) {
                return failed("fromCheckpoint is not the checkpoint accepted before (size " + accepted.size() + ")");
            }
            if (!MerkleTree.verifyConsistency(from, to, hashes(doc), older.root(), newer.root())) {
                return failed("the tree of size " + to + " is not an append-only extension of the tree of size " + from);
            }
            return new Result(true, "the signed tree of size " + to + " extends the signed tree of size " + from, newer);
        } catch (IllegalArgumentException | SecurityException e) {
            return failed(e.getMessage());
        }
    }

    private static Result failed(String message) {
        return new Result(false, message, null);
    }

    private static Map<?, ?> object(String json) {
        if (MiniJson.parse(compact(json)) instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    /** The JSON without white space between tokens (MiniJson reads compact JSON; a monitor may pretty-print). */
    static String compact(String json) {
        StringBuilder b = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                b.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    b.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                b.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static long number(Map<?, ?> doc, String name) {
        if (doc.get(name) instanceof Long n) {
            return n;
        }
        throw new IllegalArgumentException(name + " is missing or not a whole number");
    }

    private static String text(Map<?, ?> doc, String name, boolean optional) {
        Object v = doc.get(name);
        if (v instanceof String s) {
            return s;
        }
        if (v == null && optional) {
            return null;
        }
        throw new IllegalArgumentException(name + " is missing or not a string");
    }

    private static Checkpoint open(SignedNote.Verifier key, String note, String name) {
        try {
            return Checkpoint.parse(key.open(note));
        } catch (SecurityException e) {
            throw new SecurityException(name + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static List<byte[]> hashes(Map<?, ?> doc) {
        if (!(doc.get("proof") instanceof List<?> items)) {
            throw new IllegalArgumentException("proof is missing or not a list");
        }
        List<byte[]> proof = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("proof holds something other than hashes");
            }
            proof.add(hash(s, "proof"));
        }
        return proof;
    }

    private static byte[] hash(String b64, String name) {
        byte[] h;
        try {
            h = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " holds something other than base64");
        }
        if (h.length != 32) {
            throw new IllegalArgumentException(name + " holds a hash that is not 32 bytes");
        }
        return h;
    }
}
