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
 * {@code java -jar gatehouse-event-listeners.jar --export audit.jsonl --checkpoints checkpoints.txt --key KEY [--state accepted.txt]}.
 * Exit 0 when everything verifies, 1 with the first failure named, 2 on bad usage or unreadable files.
 */
public final class VerifierCli {

    private VerifierCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path export = null;
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
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (export == null || checkpoints == null || key == null) {
                throw new IllegalArgumentException("--export, --checkpoints and --key are required");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("usage: java -jar gatehouse-event-listeners.jar --export FILE --checkpoints FILE "
                    + "--key VERIFIER_KEY|FILE [--state FILE]  (" + e.getMessage() + ")");
            return 2;
        }
        try {
            String vkey = Files.isRegularFile(Path.of(key)) ? Files.readString(Path.of(key)).trim() : key;
            SignedNote.Verifier verifier = SignedNote.Verifier.parse(vkey);
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
                Checkpoint newest = verify.newest();
                Files.writeString(state, newest.size() + " " + Base64.getEncoder().encodeToString(newest.root()) + "\n");
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot verify: " + e.getMessage());
            return 2;
        }
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
