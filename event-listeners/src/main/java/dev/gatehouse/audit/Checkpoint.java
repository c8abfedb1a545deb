package dev.gatehouse.audit;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: the log's origin line, the tree size in decimal, the base64 root hash, then
 * optional extension lines (ours: the previous checkpoint's hash and the time). Signed as a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("bad origin");
        }
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("bad size or root");
        }
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("extension lines are non-empty single lines");
            }
        }
        root = root.clone();
        extensions = List.copyOf(extensions);
    }

    /** The note text, ending with a newline. */
    public String text() {
        StringBuilder b = new StringBuilder().append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        extensions.forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has at least three lines");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad tree size: " + lines[1]);
        }
        if (!lines[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("non-canonical tree size: " + lines[1]);
        }
        return new Checkpoint(lines[0], size, Base64.getDecoder().decode(lines[2]),
                Arrays.asList(lines).subList(3, lines.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size && Arrays.equals(root, c.root)
                && extensions.equals(c.extensions);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * origin.hashCode() + Long.hashCode(size)) + Arrays.hashCode(root);
    }
}
