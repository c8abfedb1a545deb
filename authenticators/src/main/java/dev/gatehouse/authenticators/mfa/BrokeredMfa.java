package dev.gatehouse.authenticators.mfa;

/**
 * What a brokered sign-in still needs once the policy has decided, and the level it reaches without a local
 * factor. Keycloak ignores a requested level for brokered sign-ins (its issue 25335): here a client asking for
 * level 2 or more gets the local second factor unless the identity provider's MFA counts. Plain Java.
 */
public enum BrokeredMfa {
    /** The identity provider's MFA stands in for the second factor: level 2, nothing asked locally. */
    IDP_MFA("idp-mfa", 2, false),
    /** The policy requires MFA and the provider's doesn't count: the local second factor (or its enrolment). */
    LOCAL("idp-local", 1, true),
    /** The policy doesn't require MFA, but the client asks for level 2 or more: the local second factor. */
    STEP_UP("idp-step-up", 1, true),
    /** One factor (the provider's sign-in) is enough. */
    ONE_FACTOR("idp-one-factor", 1, false);

    private final String event;
    private final int level;
    private final boolean localFactor;

    BrokeredMfa(String event, int level, boolean localFactor) {
        this.event = event;
        this.level = level;
        this.localFactor = localFactor;
    }

    /**
     * @param decision       the policy's decision on the brokered sign-in
     * @param requestedLevel the level the client asks for (acr_values, claims or its default ACR), or below 1 if none
     */
    public static BrokeredMfa of(Decision decision, int requestedLevel) {
        if (decision.idpMfa()) {
            return IDP_MFA;
        }
        if (decision.mfaRequired()) {
            return LOCAL;
        }
        return requestedLevel >= 2 ? STEP_UP : ONE_FACTOR;
    }

    /** The value of event detail {@code gatehouse_mfa}. */
    public String event() {
        return event;
    }

    /** The level reached before any local factor: 2 when the provider's MFA counts, else 1. */
    public int level() {
        return level;
    }

    /** Whether the local second factor is asked (when the user has one; else enrolment takes over). */
    public boolean localFactor() {
        return localFactor;
    }

    /** Reads {@link #name()} back, e.g. from an auth note; null for anything else. */
    public static BrokeredMfa parse(String name) {
        for (BrokeredMfa m : values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
