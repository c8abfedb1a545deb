package dev.gatehouse.authenticators.otp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a code is bound to: a code derived for one user, sign-in (authentication session and tab), channel and
 * destination is wrong for any other, even before attempts are counted.
 */
public record CodeBinding(String userId, String authSession, String channel, String destination) {

    public CodeBinding {
        if (userId == null || authSession == null || channel == null || destination == null) {
            throw new IllegalArgumentException("every part of a code binding is required");
        }
    }

    /** Length-prefixed fields: no two different bindings encode to the same bytes. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {userId, authSession, channel, destination}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
