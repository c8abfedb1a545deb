package dev.gatehouse.authenticators.mfa.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The MFA policy for sign-ins the SSO cookie answers. Keycloak's cookie step ({@code auth-cookie},
 * {@code CookieAuthenticator}) ends the flow at the session's level before the forms sub-flow, where the policy
 * steps are, unless the level the client asked for is above the level the session reached: then it hands over
 * to the forms sub-flow ("step-up"). This step runs first (ALTERNATIVE, before the cookie), judges the SSO
 * session's user for this client with the policy and, when MFA is required, raises the asked level to 2, so the
 * cookie steps up: the second factor, or the enrolment choice, follows as in any sign-in. It always ends
 * "attempted", as Keycloak's identity-provider redirector does without a hint, so the cookie runs next.
 *
 * <p>No page, no event detail. A missing, expired or invalid cookie leaves the request as it was (the cookie step
 * then finds no session either). A session brokered through an identity provider (user-session note
 * {@link Details#IDENTITY_PROVIDER}) is judged with that provider's trust: what its MFA proved is the level the
 * brokered sign-in recorded, which the cookie compares. Skipped: forked flows and re-authentication
 * ({@code prompt=login}, {@code max_age}), where the cookie answers nothing and the forms sub-flow decides for
 * whoever signs in.
 */
public class MfaSsoAuthenticator extends MfaStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!AuthenticatorUtil.isForkedFlow(authSession)) {
            judge(context.getSession(), context, authSession);
        }
        context.attempted();
    }

    private static void judge(KeycloakSession session, AuthenticationFlowContext context, AuthenticationSessionModel authSession) {
        // The same check the cookie step makes next (it refreshes the session's last-refresh time to now, as the
        // cookie step does in this request anyway; an invalid cookie is expired, as the cookie step would).
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(session, context.getRealm(), true);
        if (sso == null) {
            return;
        }
        LoginProtocol protocol = session.getProvider(LoginProtocol.class, authSession.getProtocol());
        if (protocol == null || protocol.requireReauthentication(sso.session(), authSession)) {
            return;
        }
        // Raised for users without a second factor too: the step-up is what brings them to the enrolment step.
        MfaStepUp.decideAndRaise(session, context.getRealm(), authSession,
                MfaUsers.signIn(sso.user(), authSession.getClient(), sso.session().getNote(Details.IDENTITY_PROVIDER)),
                true);
    }
}
