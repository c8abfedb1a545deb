package dev.gatehouse.authenticators.trust.keycloak;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.CookieAuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.trust.Networks;
import dev.gatehouse.authenticators.trust.TrustCheck;
import dev.gatehouse.authenticators.trust.TrustCookie;
import dev.gatehouse.authenticators.trust.TrustReason;
import dev.gatehouse.authenticators.trust.TrustRule;
import dev.gatehouse.authenticators.trust.UserAgents;

/**
 * Whether this browser holds a valid trust of the user, so the second factor may be skipped. Placed in the
 * second-factor sub-flow with match {@code not-trusted}: the sub-flow runs unless a trust stands in.
 *
 * <p>It fails towards asking: a broken option, an unreadable device or any error means "not trusted" (one log
 * line, no secret in it). A trust that stands in is consumed: its secret is single-use across the cluster, the
 * device gets a new secret and the browser a new cookie.
 */
public class DeviceTrustedCondition implements ConditionalAuthenticator {

    private static final Logger LOG = Logger.getLogger(DeviceTrustedCondition.class);

    /** Prefix of the single-use keys (one per presented hash). */
    static final String SINGLE_USE_PREFIX = "gatehouse-trust:";

    private final SecureRandom random;

    DeviceTrustedCondition(SecureRandom random) {
        this.random = random;
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        TrustRule rule;
        try {
            rule = TrustRule.from(config == null ? Map.of() : config.getConfig());
        } catch (IllegalArgumentException e) {
            // Fail towards asking: with a broken option the guarded steps (the second factor) run.
            LOG.warnf("Condition %s in realm %s: %s; the second factor runs",
                    config == null ? "(no config)" : config.getAlias(), context.getRealm().getName(), e.getMessage());
            TrustAnswer.NOT_TRUSTED.record(authSession);
            return true;
        }
        TrustAnswer answer = TrustAnswer.of(authSession);
        if (answer == null) {
            UserModel user = context.getUser();
            if (user == null) {
                return rule.matches(false);
            }
            answer = evaluate(context, rule, user);
            answer.record(authSession);
        }
        return rule.matches(answer == TrustAnswer.TRUSTED);
    }

    private TrustAnswer evaluate(AuthenticationFlowContext context, TrustRule rule, UserModel user) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        TrustCookies cookies = new TrustCookies(session, realm);
        String raw = cookies.read(user);
        if (raw == null) {
            return TrustAnswer.NOT_TRUSTED;
        }
        TrustEvents events = new TrustEvents(context.getEvent(), user);
        TrustedDevices devices = new TrustedDevices(session, realm, user, events);
        try {
            TrustCookie cookie = TrustCookie.decode(raw);
            if (cookie == null) {
                return reject(cookies, events, user, null, TrustReason.MALFORMED);
            }
            if (!realm.getId().equals(cookie.realmId())) {
                return reject(cookies, events, user, null, TrustReason.OTHER_REALM);
            }
            if (!user.getId().equals(cookie.userId())) {
                return reject(cookies, events, user, null, TrustReason.OTHER_USER);
            }
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            int level = new AcrStore(session, authSession).getRequestedLevelOfAuthentication(context.getTopLevelFlow());
            TrustReason refusal = rule.refusal(level, isStepUp(realm, authSession));
            if (refusal != null) {
                return reject(cookies, events, user, cookie.deviceId(), refusal);
            }
            TrustedDevices.Device device = devices.read(cookie.deviceId());
            if (device == null || device.record() == null) {
                return reject(cookies, events, user, null, TrustReason.UNKNOWN_DEVICE);
            }
            byte[] presented = devices.hash(device, cookie.secret());
            if (presented == null) {
                return reject(cookies, events, user, device.id(), TrustReason.KEY_GONE);
            }
            Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
            String userAgent = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
            TrustReason reason = TrustCheck.check(device.record(), presented, now, devices.fingerprint(),
                    UserAgents.family(userAgent), Networks.prefix(context.getConnection().getRemoteAddr()));
            // Cluster-wide single use: two requests racing with one secret can't both pass (one is a replay).
            if (reason == null && !session.singleUseObjects().putIfAbsent(SINGLE_USE_PREFIX + Base64Url.encode(presented),
                    Math.max(1, Duration.between(now, device.record().expires()).getSeconds()))) {
                reason = TrustReason.REPLAYED;
            }
            if (reason != null) {
                reject(cookies, events, user, device.id(), reason);
                if (reason.revokes()) {
                    devices.revoke(device.id(), reason);
                }
                return TrustAnswer.NOT_TRUSTED;
            }
            events.used(device.id());
            TrustedDevices.Issued issued = devices.rotate(device, random, now);
            if (issued == null) {
                return TrustAnswer.NOT_TRUSTED;
            }
            cookies.write(issued.cookie(), issued.expires(), now);
            return TrustAnswer.TRUSTED;
        } catch (RuntimeException e) {
            // Fail towards asking; the message names no secret (the cookie value is never in an exception we make).
            LOG.warnf("Trusted-device check for a user of realm %s failed (%s); the second factor runs",
                    realm.getName(), e.getClass().getSimpleName());
            return TrustAnswer.NOT_TRUSTED;
        }
    }

    /**
     * Rejects the cookie (event rejected). A cookie that can never be honoured (not ours, another realm or user,
     * an unknown or revoked device, a wrong secret, a lost key) is also cleared from the browser, so it isn't
     * re-examined, and reported, at every sign-in. A valid cookie refused only for this request (a level above
     * the condition's, a step-up, another browser family or network) is kept: it still counts another time.
     * After a level or step-up refusal the browser, trusted already, is not offered a second trust.
     */
    private static TrustAnswer reject(TrustCookies cookies, TrustEvents events, UserModel user, String deviceId, TrustReason reason) {
        events.rejected(deviceId, reason);
        switch (reason) {
            case LEVEL, STEP_UP -> {
                return TrustAnswer.HELD;
            }
            case BINDING_USER_AGENT, BINDING_NETWORK -> {
                return TrustAnswer.NOT_TRUSTED;
            }
            default -> {
                cookies.expire(user);
                return TrustAnswer.NOT_TRUSTED;
            }
        }
    }

    /** A step-up of an existing SSO session: {@code CookieAuthenticator} recorded itself as completed in it. */
    private static boolean isStepUp(RealmModel realm, AuthenticationSessionModel authSession) {
        Map<String, Integer> completed = AuthenticatorUtils.parseCompletedExecutions(
                authSession.getUserSessionNotes().get(Constants.AUTHENTICATORS_COMPLETED));
        return completed.keySet().stream().map(realm::getAuthenticationExecutionById).filter(Objects::nonNull)
                .map(AuthenticationExecutionModel::getAuthenticator)
                .anyMatch(CookieAuthenticatorFactory.PROVIDER_ID::equals);
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
