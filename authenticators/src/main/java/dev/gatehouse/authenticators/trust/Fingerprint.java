package dev.gatehouse.authenticators.trust;

import java.util.Collection;

/**
 * A digest of the user's password and second factors, so a trust ends when any of them is added, changed, removed
 * or reset, whoever did it and however (account console, admin console, REST, a required action). Plain Java.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /**
     * SHA-256 (base64url) over the sorted entries, each "id:type:createdDate" of a credential that is not a trusted
     * device. Order-independent.
     */
    public static String of(Collection<String> credentialEntries) {
        throw new UnsupportedOperationException("lane trustcore");
    }

    public static String entry(String credentialId, String type, Long createdDate) {
        return credentialId + ":" + type + ":" + createdDate;
    }
}
