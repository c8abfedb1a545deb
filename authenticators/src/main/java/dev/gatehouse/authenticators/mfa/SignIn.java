package dev.gatehouse.authenticators.mfa;

import java.util.Set;

/**
 * The facts of one sign-in the policy decides on, gathered by the glue.
 *
 * @param clientId  the client signed in to
 * @param roles     the user's effective roles: realm role names and clientId.role for client roles
 * @param groups    the user's group paths, ancestors included (/a and /a/b for a member of /a/b)
 * @param idpAlias  the identity provider this sign-in was brokered through, or null
 * @param idpAmr    the upstream ID token's amr values (empty when none or not brokered)
 * @param idpAcr    the upstream ID token's acr value, or null
 */
public record SignIn(String clientId, Set<String> roles, Set<String> groups, String idpAlias, Set<String> idpAmr,
                     String idpAcr) {
}
