package dev.gatehouse.authenticators.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A digest of the user's password and second factors, so a trust ends when any of them is added, changed, removed
 * or reset, whoever did it and however (account console, admin console, REST, a required action). Plain Java.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /**
     * SHA-256 (base64url) over the sorted entries, each "id:type:createdDate" of a credential that is not a trusted
     * device. Order-independent. Each entry is length-prefixed, so no two different lists of entries share a
     * digest; a null collection counts as empty.
     */
    public static String of(Collection<String> credentialEntries) {
        List<String> sorted = new ArrayList<>(credentialEntries == null ? List.of() : credentialEntries);
        sorted.sort(null); // String.compareTo: by UTF-16 code unit, the same under every locale
        MessageDigest sha = TrustCookie.sha256();
        for (String entry : sorted) {
            byte[] bytes = String.valueOf(entry).getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    public static String entry(String credentialId, String type, Long createdDate) {
        return credentialId + ":" + type + ":" + createdDate;
    }
}
