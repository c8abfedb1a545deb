package dev.gatehouse.authenticators.apikey.keycloak;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

/** Whether an access token was issued by the API key grant: Keycloak encodes the grant into every token id. */
final class ApiKeyTokens {

    private ApiKeyTokens() {
    }

    static boolean issuedByKey(KeycloakSession session, AccessToken token) {
        if (token == null || token.getId() == null) {
            return false;
        }
        try {
            return ApiKeyGrantTypeFactory.GRANT_TYPE.equals(session.getProvider(TokenContextEncoderProvider.class)
                    .getTokenContextFromTokenId(token.getId()).getGrantType());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The same for an encoded token, read without checking its signature: used only to refuse, so a forged token
     * id gets its forger nothing but a refusal.
     */
    static boolean issuedByKey(KeycloakSession session, String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return false;
        }
        try {
            return issuedByKey(session, new JWSInput(encoded).readJsonContent(AccessToken.class));
        } catch (Exception e) {
            return false;
        }
    }
}
