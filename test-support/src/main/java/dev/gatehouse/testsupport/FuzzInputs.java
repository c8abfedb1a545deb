package dev.gatehouse.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic hostile inputs for the fuzz tests: every input of a surface follows from the seed and the
 * surface's name, so a failure is reproduced by running again with the seed the test printed
 * ({@code -Dgatehouse.fuzz.seed=N}). The first inputs of each surface are the fixed corpus below, in order
 * (every hostile fragment on its own and inside a valid value); the rest mix them at random.
 */
public final class FuzzInputs {

    /** The system property that overrides the seed. */
    public static final String SEED_PROPERTY = "gatehouse.fuzz.seed";
    /** The seed when none is given: fixed, so two runs of the build send the same inputs. */
    public static final long DEFAULT_SEED = 20261130L;

    /**
     * One input. {@code preEncoded} inputs are already percent-encoded bytes (e.g. invalid UTF-8 such as
     * {@code %C3%28}) that an HTTP client must send as they are; other inputs are text to encode as usual.
     */
    public record Input(String text, boolean preEncoded) {
        /** For logs and reports: control characters and non-ASCII as \\uXXXX, long inputs abbreviated. */
        public String printable() {
            StringBuilder b = new StringBuilder(preEncoded ? "raw:" : "");
            String t = text.length() > 120 ? text.substring(0, 100) + "…(" + text.length() + " chars)" : text;
            for (char c : t.toCharArray()) {
                if (c < 0x20 || c == 0x7f || (c > 0x7e && c != '…')) {
                    b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
    }

    static final List<String> BOUNDARY = List.of("", " ", "   ", "\t", "\n", "\r\n", "0", "-", ".", "@", "null", "undefined",
            "true", "false", "NaN", "Infinity", "-Infinity", "a", "A", "~", "`");
    static final List<String> CONTROL = List.of("\u0000", "a\u0000b", "\u0001", "\u0007", "\b", "\u000b", "\f", "\r",
            "\u001b[31m", "\u007f", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u200B", "\u00A0", "\u0000\u0000\u0000");
    static final List<String> PIPE = List.of("|", "||", "a|b", "|0|", "x|y|z|", "\\|", "%7C");
    static final List<String> UNICODE = List.of("\u202E", "\u202Egnp.exe", "\u200F", "\u0645\u0631\u062D\u0628\u0627",
            "\u05E9\u05DC\u05D5\u05DD", "e\u0301", "Z\u0351\u0352\u0353\u0354\u0355", "\uD83D\uDE00", "\uD800", "\uDFFF",
            "\uDFFF\uD800", "\uD834\uDD1E", "\u0661\u0662\u0663\u0664\u0665\u0666", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16",
            "\u0967\u0968\u0969", "\u0130", "\u0131", "\u00DF", "\uFB00", "\u212A", "\u00E9", "\u4E2D\u6587", "\uFFFD", "\uFFFF");
    static final List<String> MARKUP = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)>", "'><b>x</b>", "</textarea><script>alert(1)</script>", "javascript:alert(1)",
            "<!--", "-->", "]]>", "<![CDATA[x]]>", "&lt;", "&#x3C;", "&amp;", "{{7*7}}", "<a href=\"x\">", "\" autofocus onfocus=\"alert(1)",
            "<", ">", "\"", "'", "<iframe srcdoc=\"x\">", "<math><mi xlink:href=\"x\">");
    static final List<String> SQL = List.of("' OR '1'='1", "\" OR 1=1 --", "'; DROP TABLE GATEHOUSE_AUDIT_RECORD; --",
            "1 or r.id is not null", ") or (1=1", "%", "_", "\\", "'", "''", "select r from AuditRecordEntity r", ":realmId",
            "?1", "' UNION SELECT NULL--", "1;SELECT pg_sleep(5)", "r.realmId");
    static final List<String> FORMAT = List.of("%s", "%n", "%x%x%x%x", "%1$s", "%99999999s", "%", "${jndi:ldap://127.0.0.1/a}",
            "${env:HOME}", "#{7*7}", "${7*7}", "{0}", "{{", "%{x}", "${vault.x}", "${", "#{", "$${x}", "%d%d%d");
    static final List<String> TRAVERSAL = List.of("../", "..\\", "../../etc/passwd", "..%2f", "%2e%2e%2f", "/", "//", "./.",
            "C:\\", "\\\\host\\share", "~", "/etc/passwd", "..", ".", "a/../b", "a//b", "file:///etc/passwd");
    static final List<String> JSON = List.of("{", "}", "[]", "{}", "{\"a\":1}", "[\"a\"]", "\\u0000", "\\ud800", "\\u12",
            "{\"trustedCheckpoint\":null}", "[", "1e309", "\"\\\"", "{\"a\":{\"a\":{\"a\":{}}}}", "null", "\"x\"");
    static final List<String> NUMBERS = List.of("0", "-0", "+0", "007", "00", "1", "-1", "+5", " 5 ", "5.0", "0.5", "1e3", "1E-3",
            "0x10", "1_000", "1,000", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", "1e400",
            "\u0661\u0662", "\uFF11\uFF12", "\u0967", "٣٠", "NaN", "999999999999999", "9999999999999999", "1000", "1001", "30", "3600");
    static final List<String> DATES = List.of("2026-11-30", "2026-11-30T00:00:00Z", "2026-11-30T00:00:00",
            "2026-11-30T00:00:00+01:00", "2026-11-30T24:00:00Z", "2026-02-30", "2026-13-01", "+1000000000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z",
            "+292278994-08-17T07:12:55.807Z", "+292278995-01-01T00:00:00Z", "0000-01-01", "9999-12-31", "+10000-01-01",
            "10000-01-01", "1970-01-01T00:00:00.000000001Z", "2026-W48", "2026-334", "20261130", "2026/11/30", "30.11.2026",
            "2026-11-30 00:00:00", "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0663\u0660", "\uFF12\uFF10\uFF12\uFF16-11-30",
            "2026-11-30T00:00:00.Z", "2026-11-30T00:00:00ZZ", "T00:00:00Z", "2026", "2026-11", "-1", "0", "1764460800000",
            "P1D", "PT5M", "PT-5S", "P-1D", "PT0S", "P106751991167300D", "PT9223372036854775807S", "PT9223372036854775808S");
    static final List<String> PERCENT = List.of("%", "%2", "%zz", "%00", "%0a", "%25", "%u0041", "%C0%AF", "%E2%80%AE", "+",
            "%2B", "%%", "%252e");
    /** Sent without re-encoding: invalid UTF-8 and overlong forms. */
    static final List<String> INVALID_UTF8 = List.of("%FF", "%C3%28", "%E2%82", "%F0%28%8C%BC", "%C0%80", "%ED%A0%80",
            "%F8%88%80%80%80", "%FE%FF", "%80", "%C3", "%00%FF");
    static final List<List<String>> FRAGMENTS = List.of(BOUNDARY, CONTROL, PIPE, UNICODE, MARKUP, SQL, FORMAT, TRAVERSAL, JSON,
            NUMBERS, DATES, PERCENT);
    static final int[] LONG_LENGTHS = {256, 1000, 1024, 2048, 4096, 8192, 10_000, 65_536};

    private final long seed;

    public FuzzInputs(long seed) {
        this.seed = seed;
    }

    /** The seed of this run: {@value #SEED_PROPERTY} if set, else {@link #DEFAULT_SEED}; printed so a run can be repeated. */
    public static FuzzInputs fromSystemProperty() {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        System.out.println("fuzz seed: " + seed + " (repeat with -D" + SEED_PROPERTY + "=" + seed + ")");
        return new FuzzInputs(seed);
    }

    public long seed() {
        return seed;
    }

    /** {@code count} distinct text inputs (no pre-encoded ones), for code that takes a Java string. */
    public List<String> texts(String surface, int count, int maxLength, String... valid) {
        return inputs(surface, count, maxLength, false, valid).stream().map(Input::text).toList();
    }

    /**
     * {@code count} distinct inputs for one surface. {@code valid} are well-formed values of the surface (a code, an
     * address, a date): the corpus puts each fragment into them, and mutations start from them.
     */
    public List<Input> inputs(String surface, int count, int maxLength, boolean preEncodedToo, String... valid) {
        // The surface's own stream: adding a surface or changing one count leaves the other surfaces' inputs as they were.
        SplittableRandom random = new SplittableRandom(seed ^ (surface.hashCode() * 0x9E3779B97F4A7C15L));
        Set<Input> out = new LinkedHashSet<>();
        List<String> fragments = new ArrayList<>();
        FRAGMENTS.forEach(fragments::addAll);
        List<String> seeds = valid.length == 0 ? List.of("a") : List.of(valid);
        for (String v : seeds) {
            add(out, count, maxLength, new Input(v, false));
        }
        for (String f : fragments) {
            add(out, count, maxLength, new Input(f, false));
            String v = seeds.get(random.nextInt(seeds.size()));
            add(out, count, maxLength, new Input(insert(v, f, random.nextInt(v.length() + 1)), false));
        }
        if (preEncodedToo) {
            for (String raw : INVALID_UTF8) {
                add(out, count, maxLength, new Input(raw, true));
                add(out, count, maxLength, new Input(encode(seeds.get(0)) + raw, true));
            }
        }
        for (int len : LONG_LENGTHS) {
            if (len <= maxLength) {
                add(out, count, maxLength, new Input(repeat(seeds.get(0) + "<\"", len), false));
            }
        }
        int guard = count * 50;
        while (out.size() < count && guard-- > 0) {
            add(out, count, maxLength, random(random, fragments, seeds, maxLength, preEncodedToo));
        }
        if (out.size() < count) {
            throw new IllegalStateException(surface + ": only " + out.size() + " distinct inputs");
        }
        return List.copyOf(out);
    }

    private static void add(Set<Input> out, int count, int maxLength, Input in) {
        if (out.size() < count && in.text().length() <= maxLength) {
            out.add(in);
        }
    }

    private static Input random(SplittableRandom r, List<String> fragments, List<String> seeds, int maxLength, boolean preEncodedToo) {
        String f = fragments.get(r.nextInt(fragments.size()));
        String v = seeds.get(r.nextInt(seeds.size()));
        return switch (r.nextInt(preEncodedToo ? 8 : 7)) {
            case 0 -> new Input(insert(v, f, r.nextInt(v.length() + 1)), false);
            case 1 -> {
                StringBuilder b = new StringBuilder();
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    b.append(fragments.get(r.nextInt(fragments.size())));
                }
                yield new Input(b.toString(), false);
            }
            case 2 -> new Input(randomChars(r, 1 + r.nextInt(64)), false);
            case 3 -> new Input(repeat(f.isEmpty() ? "x" : f, Math.min(maxLength, 100 + r.nextInt(Math.max(1, Math.min(maxLength, 20_000))))), false);
            case 4 -> new Input(mutate(r, v), false);
            case 5 -> {
                String m = mutate(r, v);
                yield new Input(insert(m, randomChars(r, 1 + r.nextInt(4)), r.nextInt(m.length() + 1)), false);
            }
            case 6 -> new Input(v + f + fragments.get(r.nextInt(fragments.size())), false);
            default -> new Input(encode(v) + INVALID_UTF8.get(r.nextInt(INVALID_UTF8.size())) + encode(f), true);
        };
    }

    /** Characters drawn from hostile classes: ASCII punctuation, controls, marks, bidi, digits of other scripts, astral. */
    private static String randomChars(SplittableRandom r, int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            switch (r.nextInt(8)) {
                case 0 -> b.append((char) (0x20 + r.nextInt(0x5f)));
                case 1 -> b.append((char) r.nextInt(0x20));
                case 2 -> b.append((char) (0x300 + r.nextInt(0x70)));
                case 3 -> b.append("\u202A\u202B\u202C\u202D\u202E\u200E\u200F".charAt(r.nextInt(7)));
                case 4 -> b.append((char) (0x660 + r.nextInt(10)));
                case 5 -> b.append((char) (0xFF10 + r.nextInt(10)));
                case 6 -> b.appendCodePoint(0x1F300 + r.nextInt(0x300));
                default -> b.append("<>\"'&|%$#{}\\/".charAt(r.nextInt(13)));
            }
        }
        return b.toString();
    }

    private static String mutate(SplittableRandom r, String v) {
        if (v.isEmpty()) {
            return String.valueOf((char) r.nextInt(0x80));
        }
        StringBuilder b = new StringBuilder(v);
        int at = r.nextInt(b.length());
        switch (r.nextInt(4)) {
            case 0 -> b.deleteCharAt(at);
            case 1 -> b.setCharAt(at, (char) r.nextInt(0x250));
            case 2 -> b.insert(at, b.charAt(at));
            default -> b.setLength(at);
        }
        return b.toString();
    }

    private static String insert(String into, String what, int at) {
        return into.substring(0, at) + what + into.substring(at);
    }

    private static String repeat(String s, int length) {
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            b.append(s);
        }
        b.setLength(length);
        // Never cut a surrogate pair in two by accident (lone surrogates come from the corpus on purpose).
        if (Character.isHighSurrogate(b.charAt(length - 1))) {
            b.setCharAt(length - 1, 'x');
        }
        return b.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
