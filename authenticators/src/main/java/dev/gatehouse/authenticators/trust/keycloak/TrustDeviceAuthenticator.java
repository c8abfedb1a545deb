package dev.gatehouse.authenticators.trust.keycloak;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.trust.Networks;
import dev.gatehouse.authenticators.trust.TrustCookie;
import dev.gatehouse.authenticators.trust.TrustReason;
import dev.gatehouse.authenticators.trust.TrustSettings;
import dev.gatehouse.authenticators.trust.UserAgents;

/**
 * "Trust this browser": after a second factor that was asked because the browser was not trusted, offers to skip
 * it here next time. Anywhere else (a trusted browser skipped the factor, or the condition never ran) it succeeds
 * without a page, so it can close the level-2 sub-flow as a step that always has run.
 */
public class TrustDeviceAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(TrustDeviceAuthenticator.class);

    static final String TEMPLATE = "gatehouse-trust-device.ftl";
    static final String CHECKBOX = "trust-device";

    private final SecureRandom random;

    TrustDeviceAuthenticator(SecureRandom random) {
        this.random = random;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        TrustSettings settings = offered(context);
        if (settings == null) {
            context.success();
            return;
        }
        context.challenge(context.form()
                .setAttribute("gatehouseTrust", Map.of("days", settings.lifetime().toDays(), "preselected", settings.preselected()))
                .createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        TrustSettings settings = offered(context);
        if (settings != null && "on".equals(form.getFirst(CHECKBOX))) {
            trust(context, settings);
        }
        context.success();
    }

    /** The settings when this sign-in should be offered a trust, else null. */
    private static TrustSettings offered(AuthenticationFlowContext context) {
        if (context.getUser() == null || TrustAnswer.of(context.getAuthenticationSession()) != TrustAnswer.NOT_TRUSTED) {
            return null;
        }
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        try {
            return TrustSettings.from(config == null ? Map.of() : config.getConfig());
        } catch (IllegalArgumentException e) {
            // No trust on a broken option: skipping the offer is the safe side (the second factor stays asked).
            LOG.warnf("Step %s in realm %s: %s; no browser is trusted until it is fixed",
                    config == null ? "(no config)" : config.getAlias(), context.getRealm().getName(), e.getMessage());
            return null;
        }
    }

    private void trust(AuthenticationFlowContext context, TrustSettings settings) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        String userAgent = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        String network = settings.bindNetwork() ? Networks.prefix(context.getConnection().getRemoteAddr()) : null;
        if (settings.bindNetwork() && network == null) {
            // A binding we can't record would leave the trust unbound: no trust rather than a weaker one.
            LOG.warnf("Realm %s binds trusts to the network, but the client address is not an IP literal: the browser is not trusted",
                    realm.getName());
            return;
        }
        TrustCookies cookies = new TrustCookies(context.getSession(), realm);
        TrustedDevices devices = new TrustedDevices(context.getSession(), realm, user, new TrustEvents(context.getEvent(), user));
        // The browser may hold this user's trust already (refused here for its binding): that one is replaced,
        // not left behind until it expires.
        TrustCookie held = TrustCookie.decode(cookies.read(user));
        if (held != null && realm.getId().equals(held.realmId()) && user.getId().equals(held.userId())) {
            devices.revoke(held.deviceId(), TrustReason.REPLACED);
        }
        TrustedDevices.Issued issued = devices.add(UserAgents.name(userAgent), now.plus(settings.lifetime()),
                settings.maxDevices(), settings.bindUserAgent() ? UserAgents.family(userAgent) : null, network, random, now);
        if (issued == null) {
            LOG.warnf("Realm %s has no active HS512 key: the browser is not trusted", realm.getName());
            return;
        }
        cookies.write(issued.cookie(), issued.expires(), now);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Nothing to set up: the step is an offer, not a factor. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
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
