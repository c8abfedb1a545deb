package dev.gatehouse.authenticators.trust;

import java.util.Locale;

/**
 * Why a trust cookie was not honoured, or why a trust ended: the {@code gatehouse_trust_reason} detail of the
 * "rejected" and "revoked" events. Plain Java.
 */
public enum TrustReason {
    // rejected: the cookie is ignored and the second factor is asked
    MALFORMED,          // not a cookie we wrote
    OTHER_REALM,        // written for another realm
    OTHER_USER,         // written for another user (a cookie renamed or planted)
    UNKNOWN_DEVICE,     // no such trusted device of this user (removed, revoked or never existed)
    TAMPERED,           // the secret doesn't match
    KEY_GONE,           // the realm key the device was hashed with no longer exists
    BINDING_USER_AGENT, // another browser family than the one trusted
    BINDING_NETWORK,    // another network than the one trusted
    LEVEL,              // the client asked for a level above the condition's max level
    STEP_UP,            // a step-up of an existing session, and the condition doesn't allow trust there
    // revoked: the device's credential is deleted
    EXPIRED,
    REPLAYED,           // a secret already rotated out was presented again
    FACTORS_CHANGED,    // the password or a second factor was added, changed, removed or reset since
    USER_DISABLED,
    LIMIT,              // the user trusted one browser more than allowed
    REPLACED,           // the same browser was trusted again (after a binding refusal): its old trust goes
    ;

    /** Whether this reason ends the trust (deletes the device), not only ignores the cookie. */
    public boolean revokes() {
        return switch (this) {
            case EXPIRED, REPLAYED, FACTORS_CHANGED, USER_DISABLED, LIMIT, REPLACED -> true;
            default -> false;
        };
    }

    /** The event detail value: {@code binding-user-agent}, {@code replayed}… */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
