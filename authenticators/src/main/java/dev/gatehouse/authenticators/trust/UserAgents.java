package dev.gatehouse.authenticators.trust;

/** A readable name and a family from a User-Agent header, without a library. Plain Java. */
public final class UserAgents {

    private UserAgents() {
    }

    /**
     * "Chrome on Linux", "Firefox on Windows", "Safari on iOS", "Edge on macOS"…; "Unknown browser" for null,
     * blank or unrecognised input. Never echoes the header (no reflected input in labels).
     */
    public static String name(String userAgent) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    /** "chrome", "firefox", "safari", "edge", "opera", or "other". Headless Chrome counts as chrome. */
    public static String family(String userAgent) {
        throw new UnsupportedOperationException("lane trustcore");
    }
}
