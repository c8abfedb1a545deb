package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's --inclusion and --consistency: intact proofs verify, any tampering is exit 1 with its name. */
class ProofVerifierTest {

    final SignedNote.Signer signer = ExportVerifierTest.newSigner();
    final List<String> lines = new ArrayList<>();
    final List<byte[]> leaves = new ArrayList<>();

    ProofVerifierTest() {
        for (int seq = 1; seq <= 300; seq++) {
            String line = "{\"prev\":\"\",\"seq\":" + seq + ",\"type\":\"LOGIN\",\"user\":\"user-" + seq + "\"}";
            lines.add(line);
            leaves.add(MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    String checkpoint(int size) {
        return signer.sign(new Checkpoint("gatehouse/audit/test", size, MerkleTree.root(leaves, size),
                List.of("time 2026-12-01T00:00:00Z")).text());
    }

    static String str(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String hashes(List<byte[]> proof) {
        return "[" + String.join(",", proof.stream().map(h -> str(Base64.getEncoder().encodeToString(h))).toList()) + "]";
    }

    /** The JSON GET proofs/inclusion answers. */
    String inclusion(int seq, int size) {
        return "{\"seq\":" + seq + ",\"index\":" + (seq - 1) + ",\"treeSize\":" + size
                + ",\"leafHash\":" + str(Base64.getEncoder().encodeToString(leaves.get(seq - 1)))
                + ",\"line\":" + str(lines.get(seq - 1))
                + ",\"proof\":" + hashes(MerkleTree.inclusionProof(leaves, seq - 1, size))
                + ",\"checkpoint\":" + str(checkpoint(size)) + "}";
    }

    String consistency(int from, int to) {
        return "{\"from\":" + from + ",\"to\":" + to + ",\"proof\":" + hashes(MerkleTree.consistencyProof(leaves, from, to))
                + ",\"fromCheckpoint\":" + str(checkpoint(from)) + ",\"toCheckpoint\":" + str(checkpoint(to)) + "}";
    }

    record Run(int exit, String out) {
    }

    Run cli(Path dir, String mode, String json, String... more) throws Exception {
        Path file = Files.writeString(dir.resolve("proof.json"), json);
        List<String> args = new ArrayList<>(List.of(mode, file.toString(), "--key", signer.verifierKey()));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return new Run(VerifierCli.run(args.toArray(String[]::new)), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    void fails(Path dir, String mode, String json, String expected) throws Exception {
        Run r = cli(dir, mode, json);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAILED") && r.out().contains(expected), r.out());
    }

    @Test
    void inclusionProofsVerifyForEveryRecordOfSeveralSizes(@TempDir Path dir) throws Exception {
        for (int size : new int[] {1, 2, 7, 8, 100, 300}) {
            for (int seq = 1; seq <= size; seq += 13) {
                Run r = cli(dir, "--inclusion", inclusion(seq, size));
                assertEquals(0, r.exit(), r.out());
                assertTrue(r.out().contains("OK: record " + seq + " is in the signed tree of size " + size), r.out());
            }
        }
        // Pretty-printed by a monitor's tools: still the same document.
        String pretty = inclusion(5, 8).replace(",\"", ",\n  \"").replaceFirst("^\\{", "{\n  ");
        for (String key : List.of("seq", "index", "treeSize", "leafHash", "line", "proof", "checkpoint")) {
            pretty = pretty.replace("\"" + key + "\":", "\"" + key + "\" : ");
        }
        assertEquals(0, cli(dir, "--inclusion", pretty).exit());
    }

    @Test
    void aPrunedRecordIsCheckedByItsLeafHash(@TempDir Path dir) throws Exception {
        String pruned = inclusion(3, 8).replace(str(lines.get(2)), "null");
        Run r = cli(dir, "--inclusion", pruned);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("pruned"), r.out());
    }

    @Test
    void tamperedInclusionProofsFail(@TempDir Path dir) throws Exception {
        String good = inclusion(42, 100);
        String line = lines.get(41);
        String changedLine = line.replace("user-42", "user-43");
        fails(dir, "--inclusion", good.replace(str(line), str(changedLine)), "the line was changed");
        // The line changed and leafHash dropped: the proof no longer leads to the signed root.
        String leaf = str(Base64.getEncoder().encodeToString(leaves.get(41)));
        fails(dir, "--inclusion", good.replace(str(line), str(changedLine)).replace(leaf, "null"), "does not lead to the signed root");
        // Another record's line and leaf hash, under record 42's proof.
        String other = good.replace(str(line), str(lines.get(40))).replace(leaf, str(Base64.getEncoder().encodeToString(leaves.get(40))));
        fails(dir, "--inclusion", other, "the line's seq differs");
        String firstHash = Base64.getEncoder().encodeToString(MerkleTree.inclusionProof(leaves, 41, 100).get(0));
        String flipped = Base64.getEncoder().encodeToString(MerkleTree.leafHash(new byte[] {1}));
        fails(dir, "--inclusion", good.replace(firstHash, flipped), "does not lead to the signed root");
        fails(dir, "--inclusion", good.replace("\"treeSize\":100", "\"treeSize\":99"), "differs from the signed checkpoint's size");
        fails(dir, "--inclusion", good.replace("\"index\":41", "\"index\":40"), "is not seq - 1");
        // The checkpoint's size rewritten to match a forged tree: its signature no longer verifies.
        fails(dir, "--inclusion", good.replace("\\n100\\n", "\\n101\\n").replace("\"treeSize\":100", "\"treeSize\":101"),
                "no valid signature");
        fails(dir, "--inclusion", good.replace("[\"", "[\"AAAA\",\""), "not 32 bytes");
        fails(dir, "--inclusion", "{\"seq\":1}", "index is missing");
        fails(dir, "--inclusion", "not json", "unexpected character");
    }

    @Test
    void consistencyProofsVerifyAndChainFromTheAcceptedCheckpoint(@TempDir Path dir) throws Exception {
        for (int[] p : new int[][] {{1, 1}, {1, 2}, {3, 7}, {4, 8}, {8, 8}, {100, 300}, {299, 300}}) {
            Run r = cli(dir, "--consistency", consistency(p[0], p[1]));
            assertEquals(0, r.exit(), r.out());
        }
        Path state = dir.resolve("accepted.txt");
        assertEquals(0, cli(dir, "--consistency", consistency(10, 50), "--state", state.toString()).exit());
        assertTrue(Files.readString(state).startsWith("50 "), Files.readString(state));
        assertEquals(0, cli(dir, "--consistency", consistency(50, 120), "--state", state.toString()).exit());
        Run skipped = cli(dir, "--consistency", consistency(100, 200), "--state", state.toString());
        assertEquals(1, skipped.exit(), skipped.out());
        assertTrue(skipped.out().contains("not the checkpoint accepted before"), skipped.out());
        assertTrue(Files.readString(state).startsWith("120 "), "a failed check keeps the accepted checkpoint");
    }

    @Test
    void tamperedConsistencyProofsFail(@TempDir Path dir) throws Exception {
        String good = consistency(100, 300);
        String first = Base64.getEncoder().encodeToString(MerkleTree.consistencyProof(leaves, 100, 300).get(0));
        String other = Base64.getEncoder().encodeToString(MerkleTree.leafHash(new byte[] {2}));
        fails(dir, "--consistency", good.replace(first, other), "not an append-only extension");
        fails(dir, "--consistency", good.replace("\"from\":100", "\"from\":101"), "differ from the signed checkpoints' sizes");
        // A rewritten history: a different 300-record tree signed by someone else's key.
        String forged = ExportVerifierTest.newSigner().sign(new Checkpoint("gatehouse/audit/test", 300,
                MerkleTree.leafHash(new byte[] {3}), List.of()).text());
        fails(dir, "--consistency", good.replace(str(checkpoint(300)), str(forged)), "toCheckpoint: no valid signature");
        // Sizes swapped: the older tree would be the bigger one.
        String swapped = "{\"from\":300,\"to\":100,\"proof\":[],\"fromCheckpoint\":" + str(checkpoint(300))
                + ",\"toCheckpoint\":" + str(checkpoint(100)) + "}";
        fails(dir, "--consistency", swapped, "from must be between 1 and to");
        fails(dir, "--consistency", good.replace("\"proof\":[", "\"proof\":[\"" + other + "\","), "not an append-only extension");
    }

    @Test
    void badUsageIsExitTwo(@TempDir Path dir) throws Exception {
        assertEquals(2, cli(dir, "--inclusion", inclusion(1, 1), "--checkpoints", "x").exit());
        assertEquals(2, cli(dir, "--inclusion", inclusion(1, 1), "--consistency", "y").exit());
        assertEquals(2, cli(dir, "--inclusion", inclusion(1, 1), "--state", "s").exit());
        assertEquals(2, cli(dir, "--consistency", consistency(1, 2), "--checkpoints", "x").exit());
        assertEquals(2, VerifierCli.run(new String[] {"--inclusion", dir.resolve("missing.json").toString(), "--key", signer.verifierKey()}));
        assertEquals(2, VerifierCli.run(new String[] {"--consistency", "x"}));
    }

    /** As the jar's main class: the proof checks need nothing but the JDK and this module's classes. */
    @Test
    void proofChecksRunOnTheJdkAlone(@TempDir Path dir) throws Exception {
        Path proof = Files.writeString(dir.resolve("inclusion.json"), inclusion(7, 300));
        String classes = Path.of(VerifierCli.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classes, VerifierCli.class.getName(), "--inclusion", proof.toString(),
                "--key", signer.verifierKey()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("out.txt")));
    }
}
