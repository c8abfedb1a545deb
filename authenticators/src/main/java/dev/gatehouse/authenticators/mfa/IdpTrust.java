package dev.gatehouse.authenticators.mfa;

/** What the policy does with a sign-in brokered through an identity provider (option gatehouse.mfa.idpTrust). */
public enum IdpTrust {
    /** The upstream token's amr/acr saying MFA counts as the second factor, once the admin acknowledged it. */
    TRUST_MFA("trust-mfa"),
    /** Ask the local second factor whenever the policy requires MFA (the default). */
    LOCAL("local"),
    /** Never require MFA for sign-ins through this provider. */
    NONE("none");

    private final String id;

    IdpTrust(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
