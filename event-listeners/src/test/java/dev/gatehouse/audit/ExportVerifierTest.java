package dev.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per tamper kind against an export, plus the CLI's exit codes and its rollback memory. */
class ExportVerifierTest {

    final SignedNote.Signer signer = newSigner();
    final SignedNote.Verifier key = SignedNote.Verifier.parse(signer.verifierKey());
    final List<String> lines = log(10);
    final List<String> checkpoints = List.of(checkpoint(lines, 4), checkpoint(lines, 10));

    static SignedNote.Signer newSigner() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new SignedNote.Signer("gatehouse.test/audit", seed);
    }

    /** A chained log as the sealer writes it: seq from 1, prev = leaf hash of the previous line. */
    static List<String> log(int n) {
        List<String> out = new ArrayList<>();
        byte[] prev = null;
        for (int i = 1; i <= n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seq", (long) i);
            r.put("prev", prev == null ? "" : Base64.getEncoder().encodeToString(prev));
            r.put("type", "LOGIN");
            r.put("user", "user-" + i);
            String line = new String(CanonicalJson.encode(r), StandardCharsets.UTF_8);
            out.add(line);
            prev = MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    String checkpoint(List<String> export, int size) {
        List<byte[]> leaves = new ArrayList<>();
        export.forEach(l -> leaves.add(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8))));
        return signer.sign(new Checkpoint("gatehouse.test/audit", size, MerkleTree.root(leaves, size), List.of()).text());
    }

    ExportVerifier.Result verify(List<String> export) {
        return ExportVerifier.verify(export, checkpoints, key, null);
    }

    static void assertFailure(ExportVerifier.Result r, ExportVerifier.Failure kind, long record) {
        assertEquals(kind, r.failure(), r.toString());
        assertEquals(record, r.record(), r.toString());
    }

    @Test
    void intactExportVerifies() {
        ExportVerifier.Result r = verify(lines);
        assertTrue(r.ok(), r.toString());
        assertEquals(10, r.recordsChecked());
    }

    @Test
    void modifiedRecordIsNamed() {
        List<String> t = new ArrayList<>(lines);
        t.set(2, t.get(2).replace("user-3", "user-X"));
        assertFailure(verify(t), ExportVerifier.Failure.MODIFIED, 3);
    }

    @Test
    void modifiedLastRecordIsCaughtByTheSignedTreeHead() {
        List<String> t = new ArrayList<>(lines);
        t.set(9, t.get(9).replace("user-10", "user-Y"));
        assertFailure(verify(t), ExportVerifier.Failure.MODIFIED, 10);
    }

    @Test
    void oneChangedByteThatBreaksTheJsonIsNamed() {
        List<String> t = new ArrayList<>(lines);
        t.set(6, t.get(6).replaceFirst("\\{", "["));
        assertFailure(verify(t), ExportVerifier.Failure.MODIFIED, 7);
    }

    @Test
    void deletedRecordIsNamed() {
        List<String> t = new ArrayList<>(lines);
        t.remove(4);
        assertFailure(verify(t), ExportVerifier.Failure.DELETED, 5);
    }

    @Test
    void insertedRecordIsNamed() {
        List<String> t = new ArrayList<>(lines);
        t.add(5, lines.get(4));
        assertFailure(verify(t), ExportVerifier.Failure.INSERTED, 5);
    }

    @Test
    void reorderedRecordsAreNamed() {
        List<String> t = new ArrayList<>(lines);
        Collections.swap(t, 4, 5);
        assertFailure(verify(t), ExportVerifier.Failure.REORDERED, 6);
    }

    @Test
    void truncatedExportIsNamed() {
        assertFailure(verify(lines.subList(0, 8)), ExportVerifier.Failure.TRUNCATED, 9);
    }

    @Test
    void rewrittenChainWithoutTheKeyFailsTheSignature() {
        // An attacker rebuilds a consistent chain with a changed record but cannot sign a new tree head.
        List<String> forged = log(10);
        forged.set(3, forged.get(3).replace("user-4", "user-Z"));
        List<String> rechained = new ArrayList<>();
        byte[] prev = null;
        for (String line : forged) {
            String fixed = prev == null ? line : line.replaceFirst("\"prev\":\"[^\"]*\"", "\"prev\":\"" + Base64.getEncoder().encodeToString(prev) + "\"");
            rechained.add(fixed);
            prev = MerkleTree.leafHash(fixed.getBytes(StandardCharsets.UTF_8));
        }
        assertFailure(verify(rechained), ExportVerifier.Failure.MODIFIED, 4);
    }

    @Test
    void forgedCheckpointIsRefused() {
        List<String> forged = List.of(checkpoints.get(0).replaceFirst("\n4\n", "\n3\n"));
        assertEquals(ExportVerifier.Failure.BAD_SIGNATURE, ExportVerifier.verify(lines, forged, key, null).failure());
    }

    @Test
    void rollbackBelowAnAcceptedCheckpointIsNamed() {
        List<byte[]> leaves = new ArrayList<>();
        lines.forEach(l -> leaves.add(MerkleTree.leafHash(l.getBytes(StandardCharsets.UTF_8))));
        ExportVerifier.Accepted accepted = new ExportVerifier.Accepted(10, MerkleTree.root(leaves, 10));
        ExportVerifier.Result r = ExportVerifier.verify(lines.subList(0, 4), List.of(checkpoints.get(0)), key, accepted);
        assertEquals(ExportVerifier.Failure.ROLLED_BACK, r.failure(), r.toString());
    }

    @Test
    void cliExitsZeroThenRemembersAndRefusesARollback(@TempDir Path dir) throws Exception {
        Path export = Files.write(dir.resolve("audit.jsonl"), lines);
        Path notes = Files.writeString(dir.resolve("checkpoints.txt"), String.join("", checkpoints));
        Path keyFile = Files.writeString(dir.resolve("key.pub"), signer.verifierKey() + "\n");
        Path state = dir.resolve("accepted.txt");
        String[] args = {"--export", export.toString(), "--checkpoints", notes.toString(), "--key", keyFile.toString(), "--state", state.toString()};
        assertEquals(0, VerifierCli.run(args));
        assertTrue(Files.readString(state).startsWith("10 "));

        Files.write(export, lines.subList(0, 4));
        Files.writeString(notes, checkpoints.get(0));
        assertEquals(1, VerifierCli.run(args), "an older log than the one accepted before");

        assertEquals(2, VerifierCli.run(new String[] {"--export", export.toString()}));
    }

    /**
     * The jar's main class runs with nothing but the JDK: a JVM whose class path is only this module's classes
     * (no Bouncy Castle, no Jackson, no Keycloak) verifies an export and names a changed record.
     */
    @Test
    void cliRunsOnTheJdkAlone(@TempDir Path dir) throws Exception {
        Path export = Files.write(dir.resolve("audit.jsonl"), lines);
        Path notes = Files.writeString(dir.resolve("checkpoints.txt"), String.join("", checkpoints));
        String classes = Path.of(VerifierCli.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", classes, VerifierCli.class.getName(),
                "--export", export.toString(), "--checkpoints", notes.toString(), "--key", signer.verifierKey());
        assertEquals(0, run(command, dir), "intact export");
        List<String> t = new ArrayList<>(lines);
        t.set(1, t.get(1).replace("user-2", "user-3"));
        Files.write(export, t);
        assertEquals(1, run(command, dir), "changed record");
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("modified at record 2"), Files.readString(dir.resolve("out.txt")));
    }

    private static int run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        return p.waitFor();
    }

    @Test
    void cliNamesTheRecordOfAChangedByte(@TempDir Path dir) throws Exception {
        List<String> t = new ArrayList<>(lines);
        t.set(1, t.get(1).replace("user-2", "user-3"));
        Path export = Files.write(dir.resolve("audit.jsonl"), t);
        Path notes = Files.writeString(dir.resolve("checkpoints.txt"), String.join("", checkpoints));
        var out = new java.io.ByteArrayOutputStream();
        var original = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, VerifierCli.run(new String[] {"--export", export.toString(), "--checkpoints", notes.toString(), "--key", signer.verifierKey()}));
        } finally {
            System.setOut(original);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("modified at record 2"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aForeignRecordWithAnUnusedSeqIsInserted() {
        List<String> t = new ArrayList<>(lines);
        t.add(3, lines.get(3).replace("\"seq\":4,", "\"seq\":99,"));
        assertFailure(verify(t), ExportVerifier.Failure.INSERTED, 99);
    }

    /** Retention's stubs: accepted under a signed "pruned N", refused beyond it, and they can't hide a change. */
    @Test
    void prunedStubsVerifyOnlyUnderASignedPrune() {
        List<String> pruned = new ArrayList<>(lines);
        for (int i = 0; i < 3; i++) {
            String prev = i == 0 ? "" : Base64.getEncoder().encodeToString(leaf(lines.get(i - 1)));
            pruned.set(i, AuditLines.prunedStub(i + 1, prev, Base64.getEncoder().encodeToString(leaf(lines.get(i)))));
        }
        List<String> withPrune = new ArrayList<>(checkpoints);
        withPrune.add(signer.sign(new Checkpoint("gatehouse.test/audit", 10, root(lines, 10), List.of("pruned 3")).text()));
        ExportVerifier.Result ok = ExportVerifier.verify(pruned, withPrune, key, null);
        assertTrue(ok.ok(), ok.toString());

        assertFailure(ExportVerifier.verify(pruned, checkpoints, key, null), ExportVerifier.Failure.MODIFIED, 1);

        // A stub whose leaf was swapped for another still breaks the roots signed before the prune.
        List<String> forged = new ArrayList<>(pruned);
        forged.set(2, AuditLines.prunedStub(3, Base64.getEncoder().encodeToString(leaf(lines.get(1))),
                Base64.getEncoder().encodeToString(new byte[32])));
        ExportVerifier.Result bad = ExportVerifier.verify(forged, withPrune, key, null);
        assertTrue(!bad.ok() && bad.failure() == ExportVerifier.Failure.MODIFIED, bad.toString());
    }

    @Test
    void compactRangeAgreesWithTheTreeAtEverySize() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree.CompactRange range = new MerkleTree.CompactRange();
        for (int n = 0; n <= 70; n++) {
            assertTrue(java.util.Arrays.equals(MerkleTree.root(leaves, n), range.root()), "size " + n);
            MerkleTree.CompactRange copy = MerkleTree.CompactRange.decode(range.encode());
            assertTrue(java.util.Arrays.equals(range.root(), copy.root()), "encode/decode at " + n);
            byte[] leaf = MerkleTree.leafHash(("leaf " + n).getBytes(StandardCharsets.UTF_8));
            leaves.add(leaf);
            range.add(leaf);
        }
    }

    static byte[] leaf(String line) {
        return MerkleTree.leafHash(line.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] root(List<String> export, int size) {
        List<byte[]> leaves = new ArrayList<>();
        export.forEach(l -> leaves.add(leaf(l)));
        return MerkleTree.root(leaves, size);
    }
}
