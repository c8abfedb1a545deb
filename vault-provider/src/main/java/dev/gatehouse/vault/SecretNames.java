package dev.gatehouse.vault;

/**
 * Maps a realm and a secret name to the backend's name, keeping each realm inside its own prefix: by default a
 * realm can read only {@code keycloak/<realm>/…}, so one realm's admin can neither read nor probe another's
 * secrets. A template without {realm} (shared secrets) must be allowed explicitly.
 */
public final class SecretNames {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String template;
    private final String envPrefix;

    public SecretNames(String template, boolean crossRealm, String envPrefix) {
        if (!template.contains("{name}")) {
            throw new IllegalArgumentException("name-template must contain {name}: " + template);
        }
        if (!template.contains("{realm}") && !crossRealm) {
            throw new IllegalArgumentException("name-template without {realm} lets every realm read every secret;"
                    + " set cross-realm=true if that is intended");
        }
        if (!envPrefix.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("env-prefix must be a valid environment variable prefix: " + envPrefix);
        }
        this.template = template;
        this.envPrefix = envPrefix;
    }

    /** The backend path/name of a secret for secret managers with paths (AWS, HashiCorp Vault). */
    public String path(String realm, SecretRef ref) {
        checkRealm(realm);
        // One pass: a realm named "{name}" must not be substituted again.
        StringBuilder b = new StringBuilder(template.length() + realm.length() + ref.name().length());
        for (int i = 0; i < template.length(); ) {
            if (template.startsWith("{realm}", i)) {
                b.append(realm);
                i += "{realm}".length();
            } else if (template.startsWith("{name}", i)) {
                b.append(ref.name());
                i += "{name}".length();
            } else {
                b.append(template.charAt(i++));
            }
        }
        return b.toString();
    }

    /** A realm name that would climb out of or split its prefix can't name secrets. */
    static void checkRealm(String realm) {
        if (realm.isEmpty() || realm.equals(".") || realm.equals("..")) {
            throw new IllegalArgumentException("the realm name can't be used in a secret name");
        }
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c == '/' || c == '\\' || c == '{' || c == '}' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("realm names with / \\ { } or control characters can't name secrets");
            }
        }
    }

    /**
     * The name in stores that allow only letters, digits and dashes (Azure Key Vault) or also underscores (Google
     * Secret Manager): the {@link #path} with letters and digits kept, {@code /} as {@code --}, and every other
     * character as {@code -} and two hex digits per UTF-8 byte ({@code -} itself is {@code -2D}). A dash is always
     * followed by a dash or a hex digit, so the mapping is one-to-one and realms stay apart as with paths.
     * keycloak/{realm}/{name} for demo + smtp-password → keycloak--demo--smtp-2Dpassword.
     */
    public String flat(String realm, SecretRef ref) {
        StringBuilder b = new StringBuilder();
        for (byte x : path(realm, ref).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append((char) c);
            } else if (c == '/') {
                b.append("--");
            } else {
                b.append('-').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * The environment variable of a secret: prefix, realm, "__", name, where every character other than a
     * letter or digit becomes "_" and two hex digits. The encoding is one-to-one and "__" never occurs inside
     * an encoded part, so no realm can reach another realm's variable. demo + smtp-password →
     * KC_VAULT_demo__smtp_2Dpassword.
     */
    public String environmentVariable(String realm, SecretRef ref) {
        return envPrefix + encode(realm) + "__" + encode(ref.name());
    }

    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (c < 0x100) {
                b.append('_').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                throw new IllegalArgumentException("realm and secret names for the environment backend are Latin-1");
            }
        }
        return b.toString();
    }
}
