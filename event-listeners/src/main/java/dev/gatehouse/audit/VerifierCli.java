package dev.gatehouse.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Offline verification of an audit export, without Keycloak and without network:
 * {@code java -jar gatehouse-event-listeners.jar --export audit.jsonl --checkpoints checkpoints.txt --key KEY [--state accepted.txt]};
 * of an inclusion proof: {@code --inclusion proof.json --key KEY}; of a consistency proof:
 * {@code --consistency proof.json --key KEY [--state accepted.txt]}.
 * Exit 0 when everything verifies, 1 with the first failure named, 2 on bad usage or unreadable files.
 */
public final class VerifierCli {

    private VerifierCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        Path export = null;
        Path inclusion = null;
        Path consistency = null;
        Path checkpoints = null;
        String key = null;
        Path state = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--export" -> export = Path.of(args[++i]);
                    case "--checkpoints" -> checkpoints = Path.of(args[++i]);
                    case "--key" -> key = args[++i];
                    case "--state" -> state = Path.of(args[++i]);
                    case "--inclusion" -> inclusion = Path.of(args[++i]);
                    case "--consistency" -> consistency = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            int modes = (export != null ? 1 : 0) + (inclusion != null ? 1 : 0) + (consistency != null ? 1 : 0);
            if (modes != 1 || key == null) {
                throw new IllegalArgumentException("one of --export, --inclusion or --consistency, and --key, are required");
            }
            if (export != null && checkpoints == null) {
                throw new IllegalArgumentException("--export needs --checkpoints");
            }
            if (export == null && checkpoints != null) {
                throw new IllegalArgumentException("--checkpoints goes with --export");
            }
            if (inclusion != null && state != null) {
                throw new IllegalArgumentException("--state goes with --export or --consistency");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("usage: java -jar gatehouse-event-listeners.jar --export FILE --checkpoints FILE "
                    + "--key VERIFIER_KEY|FILE [--state FILE]\n"
                    + "       java -jar gatehouse-event-listeners.jar --inclusion PROOF.json --key VERIFIER_KEY|FILE\n"
                    + "       java -jar gatehouse-event-listeners.jar --consistency PROOF.json --key VERIFIER_KEY|FILE [--state FILE]"
                    + "  (" + e.getMessage() + ")");
            return 2;
        }
        if (export == null) {
            return proof(inclusion, consistency, key, state);
        }
        try {
            SignedNote.Verifier verifier = verifier(key);
            List<String> notes = splitNotes(Files.readString(checkpoints, StandardCharsets.UTF_8));
            ExportVerifier.Accepted previous = state != null && Files.isRegularFile(state) ? readState(state) : null;

            // Streamed: a million-record export needs no more memory than a small one.
            ExportVerifier verify = new ExportVerifier(notes, verifier, previous);
            try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null && verify.accept(line); line = in.readLine()) {
                    // accept() does the work
                }
            }
            ExportVerifier.Result result = verify.finish();
            System.out.println(result);
            if (!result.ok()) {
                return 1;
            }
            if (state != null) {
                writeState(state, verify.newest());
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** Verifies a proof document from GET proofs/inclusion or proofs/consistency. */
    private static int proof(Path inclusion, Path consistency, String key, Path state) {
        try {
            SignedNote.Verifier verifier = verifier(key);
            String json = Files.readString(inclusion != null ? inclusion : consistency, StandardCharsets.UTF_8);
            ProofVerifier.Result result;
            if (inclusion != null) {
                result = ProofVerifier.inclusion(json, verifier);
            } else {
                ExportVerifier.Accepted previous = state != null && Files.isRegularFile(state) ? readState(state) : null;
                result = ProofVerifier.consistency(json, verifier, previous);
            }
            System.out.println(result);
            if (!result.ok()) {
                return 1;
            }
            if (state != null) {
                writeState(state, result.checkpoint());
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static SignedNote.Verifier verifier(String key) throws IOException {
        return SignedNote.Verifier.parse(Files.isRegularFile(Path.of(key)) ? Files.readString(Path.of(key)).trim() : key);
    }

    private static void writeState(Path state, Checkpoint newest) throws IOException {
        Files.writeString(state, newest.size() + " " + Base64.getEncoder().encodeToString(newest.root()) + "\n");
    }

    /** Signed notes one after another: each is text, a blank line, then its "— " signature lines. */
    public static List<String> splitNotes(String text) {
        List<String> notes = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inSignatures = false;
        for (String line : text.split("\n", -1)) {
            if (inSignatures && !line.startsWith("\u2014 ")) {
                notes.add(current.toString());
                current.setLength(0);
                inSignatures = false;
            }
            if (line.isEmpty() && !inSignatures && current.length() > 0) {
                inSignatures = true;
                current.append('\n');
                continue;
            }
            if (!line.isEmpty()) {
                current.append(line).append('\n');
            }
        }
        if (current.length() > 0) {
            notes.add(current.toString());
        }
        return notes;
    }

    private static ExportVerifier.Accepted readState(Path state) throws IOException {
        String[] parts = Files.readString(state).trim().split(" ");
        return new ExportVerifier.Accepted(Long.parseLong(parts[0]), Base64.getDecoder().decode(parts[1]));
    }
}
