package dev.gatehouse.spi;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * What the gatehouse vault hands Keycloak for a {@code ${vault.…}} it could not resolve: a random value no one can
 * know, never "nothing". Keycloak falls back to the literal text when a vault answers nothing, so a confidential
 * client whose secret is {@code ${vault.x}} would accept the string {@code ${vault.x}} as its secret while the
 * secret can't be fetched ({@code OIDCClientSecretConfigWrapper.validateSecret}: {@code orElse(secret)}). The
 * pack's own readers of vault secrets recognise the value by its prefix and treat it as missing.
 */
public final class UnresolvedVaultSecret {

    public static final String PREFIX = "gatehouse-vault-unresolved:";

    private UnresolvedVaultSecret() {
    }

    /** A fresh value: the prefix and 256 random bits. */
    public static byte[] create(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return (PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b)).getBytes(StandardCharsets.UTF_8);
    }

    public static boolean is(CharSequence value) {
        return value != null && value.length() >= PREFIX.length() && PREFIX.contentEquals(value.subSequence(0, PREFIX.length()));
    }

    public static boolean is(byte[] value) {
        if (value == null || value.length < PREFIX.length()) {
            return false;
        }
        byte[] p = PREFIX.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < p.length; i++) {
            if (value[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value, or empty when the gatehouse vault could not resolve it. */
    public static Optional<String> resolved(Optional<String> value) {
        return value.filter(v -> !is(v));
    }
}
