package dev.gatehouse.authenticators.mfa;

/**
 * What the policy says about one sign-in.
 *
 * @param mfaRequired  the sign-in must reach level 2 (or enrol a second factor)
 * @param idpMfa       the identity provider's MFA stands in for the local second factor (brokered, trust-mfa,
 *                     acknowledged, and its token says MFA)
 * @param reason       why, for events and logs: a short stable id such as realm-default, client, role, group,
 *                     exempt-client, exempt-group, idp-none, idp-local, idp-mfa, idp-no-mfa, idp-unacknowledged
 */
public record Decision(boolean mfaRequired, boolean idpMfa, String reason) {
}
