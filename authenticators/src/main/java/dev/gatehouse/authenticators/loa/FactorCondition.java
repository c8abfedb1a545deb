package dev.gatehouse.authenticators.loa;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Asks whether a factor was proven in this SSO session. Keycloak's level-of-authentication map records which
 * levels a session reached, not how; and {@code conditional-credential} sees only the current authentication.
 * Both flows here reach level 1 with different factors (password or mailed code), so the step-up to level 2
 * needs to know which one is missing. The session's completed steps ({@code AUTHENTICATORS_COMPLETED}, which
 * {@code CookieAuthenticator} carries into a step-up) say it.
 */
public class FactorCondition implements ConditionalAuthenticator {

    private static final Logger LOG = Logger.getLogger(FactorCondition.class);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        FactorRule rule;
        try {
            rule = FactorRule.of(config == null ? Map.of() : config.getConfig());
        } catch (IllegalArgumentException e) {
            // Fail towards asking: with a broken rule the guarded steps run, so no factor is skipped.
            LOG.warnf("Condition %s in realm %s: %s; the guarded steps run",
                    config == null ? "(no config)" : config.getAlias(), context.getRealm().getName(), e.getMessage());
            return true;
        }
        RealmModel realm = context.getRealm();
        Map<String, Integer> completed = AuthenticatorUtils.parseCompletedExecutions(
                context.getAuthenticationSession().getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        boolean proven = rule.proven(completed, id -> {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(id);
            return execution == null ? null : execution.getAuthenticator();
        }, Time.currentTime());
        return switch (rule.match()) {
            case PROVEN -> proven;
            case MISSING -> !proven;
            case AVAILABLE -> proven || setUp(context.getSession(), realm, context.getUser(), rule);
        };
    }

    /**
     * The user has set up a step of the factor. A step that needs a known user counts when it is configured for
     * them. A step that finds the user itself counts only when it checks a credential the user holds: Keycloak's
     * passkey step ({@code webauthn-authenticator-passwordless}) needs no user but proves the user's own passkey,
     * while a passwordless email code is "set up" for anyone and so counts only when done.
     */
    private static boolean setUp(KeycloakSession session, RealmModel realm, UserModel user, FactorRule rule) {
        if (user == null) {
            return false;
        }
        for (String step : rule.steps()) {
            if (session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, step) instanceof AuthenticatorFactory factory) {
                Authenticator authenticator = factory.create(session);
                try {
                    if (authenticator.requiresUser() ? authenticator.configuredFor(session, realm, user)
                            : authenticator instanceof CredentialValidator<?> validator
                                    && user.credentialManager().isConfiguredFor(validator.getType(session))) {
                        return true;
                    }
                } finally {
                    authenticator.close();
                }
            }
        }
        return false;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // a condition has no form
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up
    }

    @Override
    public void close() {
        // no resources
    }
}
