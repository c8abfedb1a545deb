package dev.gatehouse.authenticators.apikey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The key format {@code <prefix>_<random>_<checksum>}: a realm prefix secret scanners can search for, 43 base62
 * characters from {@link SecureRandom} (over 256 bits), and the CRC32 of {@code <prefix>_<random>} in base62,
 * left-padded to 6 characters, so a typo is refused without a lookup. Plain Java.
 */
public final class ApiKeyFormat {

    public static final int RANDOM_LENGTH = 43;
    public static final int CHECKSUM_LENGTH = 6;
    /** Characters of the random part kept for display (with the prefix). */
    public static final int DISPLAY_LENGTH = 6;
    public static final int PREFIX_MIN = 2;
    public static final int PREFIX_MAX = 16;
    /** Longer input is refused unread. */
    public static final int MAX_LENGTH = PREFIX_MAX + 1 + RANDOM_LENGTH + 1 + CHECKSUM_LENGTH;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private ApiKeyFormat() {
    }

    /** A key as parsed: its parts, checksum verified. */
    public record Parsed(String prefix, String random) {

        /** What is stored and shown to identify the key: {@code <prefix>_<first 6 of random>}. */
        public String displayPrefix() {
            return prefix + "_" + random.substring(0, DISPLAY_LENGTH);
        }
    }

    /** Whether {@code prefix} is a valid key prefix: {@code [a-z][a-z0-9]{1,15}}. */
    public static boolean validPrefix(String prefix) {
        if (prefix == null || prefix.length() < PREFIX_MIN || prefix.length() > PREFIX_MAX
                || prefix.charAt(0) < 'a' || prefix.charAt(0) > 'z') {
            return false;
        }
        return prefix.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9');
    }

    /** A new key under {@code prefix}. */
    public static String generate(String prefix, SecureRandom random) {
        if (!validPrefix(prefix)) {
            throw new IllegalArgumentException("invalid key prefix");
        }
        StringBuilder s = new StringBuilder(MAX_LENGTH).append(prefix).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            s.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        String body = s.toString();
        return body + "_" + checksum(body);
    }

    /** The parts of a well-formed key with a right checksum; null for anything else. */
    public static Parsed parse(String key) {
        if (key == null || key.length() > MAX_LENGTH) {
            return null;
        }
        int first = key.indexOf('_');
        int last = key.lastIndexOf('_');
        if (first < 0 || last - first != RANDOM_LENGTH + 1 || key.length() - last - 1 != CHECKSUM_LENGTH) {
            return null;
        }
        String prefix = key.substring(0, first);
        String random = key.substring(first + 1, last);
        if (!validPrefix(prefix) || !isBase62(random)) {
            return null;
        }
        // A checksum compare needs no constant time: the checksum is derived from the public rest of the key.
        return checksum(key.substring(0, last)).equals(key.substring(last + 1)) ? new Parsed(prefix, random) : null;
    }

    /** CRC32 of the ASCII {@code body} in base62, left-padded with '0' to 6 characters. */
    public static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    private static boolean isBase62(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z');
    }
}
