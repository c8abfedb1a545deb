package dev.gatehouse.authenticators.otp;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The code of one channel within one sign-in: issued into, read from and removed from the authentication
 * session (replicated, per tab), derived under the realm's active HMAC key, checked against replicated counters.
 */
public final class CodeSession {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuthenticationSessionModel authSession;
    private final String channel;
    private final String note;
    private final OtpPolicy policy;
    private final Counters counters;
    private final CodeChecker checker;

    /**
     * @param purpose keeps codes of different steps of one sign-in apart (e.g. "second-factor", "setup");
     *                budgets are per channel, shared by all purposes
     */
    public CodeSession(KeycloakSession session, AuthenticationSessionModel authSession, String channel, String purpose,
                       OtpPolicy policy) {
        this.session = session;
        this.realm = authSession.getRealm();
        this.authSession = authSession;
        this.channel = channel;
        this.note = "gatehouse-otp." + channel + "." + purpose;
        this.policy = policy;
        this.counters = new ReplicatedCounters(session.singleUseObjects());
        this.checker = new CodeChecker(counters);
    }

    public OtpPolicy policy() {
        return policy;
    }

    public String channel() {
        return channel;
    }

    /** The challenge of this sign-in, or null. */
    public Challenge current() {
        return Challenge.decode(authSession.getAuthNote(note));
    }

    /** A new challenge for {@code destination}, replacing any previous one. */
    public Challenge issue(String destination, Instant now) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        Challenge c = Challenge.issue(UUID.randomUUID().toString(), OneTimeCodes.newNonce(RANDOM), key.getKid(),
                destination, now, policy.ttl());
        save(c);
        return c;
    }

    public void save(Challenge c) {
        authSession.setAuthNote(note, c.encode());
    }

    public void clear() {
        authSession.removeAuthNote(note);
    }

    /** The code to send; computed on demand, never stored. */
    public String code(Challenge c, String userId) {
        OneTimeCodes codes = codes(c);
        if (codes == null) {
            throw new IllegalStateException("the realm's HMAC key " + c.keyId() + " is gone");
        }
        return codes.code(binding(c, userId), c.nonce(), policy.length());
    }

    public Verdict check(String typed, String userId, Instant now) {
        Challenge c = current();
        return checker.check(c, c == null ? null : binding(c, userId), c == null ? null : codes(c),
                policy, typed, now);
    }

    public int attemptsLeft(Challenge c) {
        return checker.attemptsLeft(c, policy);
    }

    /**
     * At most one message per address per cooldown, across sign-ins and tabs: a new tab or a restarted
     * sign-in can't be used to send mail faster than the resend button allows.
     */
    public boolean claimCooldown(String destination) {
        long seconds = policy.resendCooldown().toSeconds();
        return seconds == 0 || counters.tryAcquire("gatehouse-otp:cooldown:" + channel + ":"
                + SendBudget.sha256(destination.toLowerCase(java.util.Locale.ROOT)), 1, policy.resendCooldown());
    }

    public SendBudget.Exhausted consumeSend(String userId, String ip, String destination, Instant now) {
        return new SendBudget(counters).tryConsume(policy, channel, userId, ip, destination, now);
    }

    private CodeBinding binding(Challenge c, String userId) {
        String sessionRef = authSession.getParentSession().getId() + "." + authSession.getTabId();
        return new CodeBinding(userId, sessionRef, channel, c.destination());
    }

    /** Derivation under the challenge's own key: a rotated-away key makes its codes expire, never match. */
    private OneTimeCodes codes(Challenge c) {
        KeyWrapper key = session.keys().getKey(realm, c.keyId(), KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            return null;
        }
        return new OneTimeCodes(key.getSecretKey().getEncoded());
    }
}
