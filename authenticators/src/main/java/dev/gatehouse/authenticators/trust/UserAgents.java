package dev.gatehouse.authenticators.trust;

/**
 * A readable name and a family from a User-Agent header, without a library. Plain Java.
 *
 * <p>Only fixed tokens are looked for ({@code String.contains}, no regular expression), and the answer is always
 * one of a few constant words: nothing of the header itself gets into a label. A header longer than
 * {@value #MAX_LENGTH} characters is not read at all (real ones are a few hundred).
 */
public final class UserAgents {

    public static final String UNKNOWN = "Unknown browser";
    public static final String OTHER = "other";
    static final int MAX_LENGTH = 1024;

    private UserAgents() {
    }

    /**
     * "Chrome on Linux", "Firefox on Windows", "Safari on iOS", "Edge on macOS"…; "Unknown browser" for null,
     * blank or unrecognised input ("Unknown browser on Linux" when only the system is known). Never echoes the
     * header (no reflected input in labels).
     */
    public static String name(String userAgent) {
        String browser = switch (family(userAgent)) {
            case "chrome" -> "Chrome";
            case "firefox" -> "Firefox";
            case "safari" -> "Safari";
            case "edge" -> "Edge";
            case "opera" -> "Opera";
            default -> UNKNOWN;
        };
        String system = system(userAgent);
        return system == null ? browser : browser + " on " + system;
    }

    /** "chrome", "firefox", "safari", "edge", "opera", or "other". Headless Chrome counts as chrome. */
    public static String family(String userAgent) {
        if (!readable(userAgent)) {
            return OTHER;
        }
        String ua = userAgent;
        // Most specific first: Edge and Opera also say Chrome and Safari, Chrome also says Safari.
        if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") || ua.contains("Edge/")) {
            return "edge";
        }
        if (ua.contains("OPR/") || ua.contains("OPT/") || ua.contains("OPiOS/") || ua.contains("Opera")) {
            return "opera";
        }
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
            return "firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) {
            return "chrome"; // HeadlessChrome/ contains Chrome/
        }
        if (ua.contains("Safari/") && ua.contains("Version/")) {
            return "safari";
        }
        return OTHER;
    }

    private static String system(String ua) {
        if (!readable(ua)) {
            return null;
        }
        // iOS and Android before macOS and Linux: their headers say "like Mac OS X" and "Linux".
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) {
            return "iOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Macintosh") || ua.contains("Mac OS X")) {
            return "macOS";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return null;
    }

    private static boolean readable(String ua) {
        return ua != null && !ua.isBlank() && ua.length() <= MAX_LENGTH;
    }
}
