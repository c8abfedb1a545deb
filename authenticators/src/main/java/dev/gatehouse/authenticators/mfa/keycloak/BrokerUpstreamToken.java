package dev.gatehouse.authenticators.mfa.keycloak;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The {@code amr} and {@code acr} of the upstream ID token of the brokered sign-in in progress. Keycloak's OIDC
 * providers keep the validated token in the brokered identity's context data ({@link
 * OIDCIdentityProvider#VALIDATED_ID_TOKEN}); {@code IdentityBrokerService} serializes that context into the auth
 * note {@link PostBrokerLoginConstants#PBL_BROKERED_IDENTITY_CONTEXT} before the post-broker-login flow, and the
 * provider's own marshaller reads it back, as Keycloak's claim mappers see it. No mapper is needed. A provider
 * without an ID token (GitHub's OAuth 2) yields no amr and no acr.
 */
record BrokerUpstreamToken(String idpAlias, Set<String> amr, String acr) {

    private static final Logger LOG = Logger.getLogger(BrokerUpstreamToken.class);

    static BrokerUpstreamToken of(KeycloakSession session, AuthenticationSessionModel authSession) {
        SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                authSession, PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        if (serialized == null) {
            return null;
        }
        if (!serialized.getContextData().containsKey(OIDCIdentityProvider.VALIDATED_ID_TOKEN)) {
            return new BrokerUpstreamToken(serialized.getIdentityProviderId(), Set.of(), null);
        }
        BrokeredIdentityContext context;
        try {
            context = serialized.deserialize(session, authSession);
        } catch (ModelException e) {
            // The provider was removed or disabled during this sign-in: its token can't be read back. Judge the
            // sign-in as one whose provider says nothing about MFA (towards asking the local factor), not a 500.
            LOG.warnf("brokered sign-in via %s in realm %s: %s; judged without the provider's amr/acr",
                    serialized.getIdentityProviderId(), authSession.getRealm().getName(), e.getMessage());
            return new BrokerUpstreamToken(serialized.getIdentityProviderId(), Set.of(), null);
        }
        // OIDCIdentityProvider keeps it as a plain JsonWebToken, where acr is one of the other claims like amr (an
        // IDToken, with its typed acr, is handled too).
        if (!(context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN) instanceof JsonWebToken token)) {
            return new BrokerUpstreamToken(serialized.getIdentityProviderId(), Set.of(), null);
        }
        Object acr = token instanceof IDToken id ? id.getAcr() : token.getOtherClaims().get("acr");
        return new BrokerUpstreamToken(serialized.getIdentityProviderId(), amr(token.getOtherClaims().get("amr")),
                acr instanceof String s ? s : null);
    }

    /** RFC 8176 says an array of strings; a lone string is taken as one value. */
    private static Set<String> amr(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> {
                if (v instanceof String s) {
                    out.add(s);
                }
            });
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return Set.copyOf(out);
    }
}
