package dev.gatehouse.authenticators.otp.keycloak;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.otp.Challenge;
import dev.gatehouse.authenticators.otp.CodeBinding;
import dev.gatehouse.authenticators.otp.CodeChecker;
import dev.gatehouse.authenticators.otp.CodeMatcher;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OneTimeCodes;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.RecentChallenges;
import dev.gatehouse.authenticators.otp.RemoteCodeMatcher;
import dev.gatehouse.authenticators.otp.SendBudget;
import dev.gatehouse.authenticators.otp.Verdict;

/**
 * The codes of one channel and mode within one sign-in, on Keycloak: the challenge in the authentication
 * session (replicated, per tab), derivation under the realm's active HMAC key, attempt and send counters and
 * the recent challenges of a user and destination in the replicated single-use-object store.
 */
final class CodeSession {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuthenticationSessionModel authSession;
    private final CodeChannel channel;
    private final CodeMode mode;
    private final String note;
    private final OtpPolicy policy;
    private final SingleUseObjectProvider store;
    private final CodeChecker checker;
    private final SendBudget budget;
    /** Why the last remote check got no answer (for its event), or empty. */
    private Map<String, String> unanswered = Map.of();

    CodeSession(KeycloakSession session, AuthenticationSessionModel authSession, CodeChannel channel, CodeMode mode,
                OtpPolicy policy) {
        this.session = session;
        this.realm = authSession.getRealm();
        this.authSession = authSession;
        this.channel = channel;
        this.mode = mode;
        this.note = "gatehouse-otp." + channel.id() + "." + mode.id();
        this.policy = policy;
        this.store = session.singleUseObjects();
        ReplicatedCounters counters = new ReplicatedCounters(store);
        this.checker = new CodeChecker(counters);
        this.budget = new SendBudget(counters);
    }

    OtpPolicy policy() {
        return policy;
    }

    /** The challenge of this sign-in, or null. */
    Challenge current() {
        return Challenge.decode(authSession.getAuthNote(note));
    }

    /** A new challenge for {@code destination}, bound to this tab, replacing any previous one. */
    Challenge issue(String destination, Instant now) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        Challenge c = Challenge.issue(UUID.randomUUID().toString(), OneTimeCodes.newNonce(RANDOM), key.getKid(),
                destination, tabRef(), now, policy.ttl());
        save(c);
        return c;
    }

    void save(Challenge c) {
        authSession.setAuthNote(note, c.encode());
    }

    void clear() {
        authSession.removeAuthNote(note);
    }

    /** The code to send; computed on demand, never stored. */
    String code(Challenge c, String userKey) {
        OneTimeCodes codes = codes(c);
        if (codes == null) {
            throw new IllegalStateException("the realm's HMAC key " + c.keyId() + " is gone");
        }
        return codes.code(binding(c, userKey), c.nonce(), policy.length());
    }

    /**
     * Checks a typed code: first against the other live codes mailed to the same user and destination moments
     * ago that this sign-in may share (a mix-up is no guess), then against this sign-in's code. A code is
     * accepted once cluster-wide, even when several tabs hold it.
     *
     * <p>When the channel's service makes the codes (Twilio Verify), the service compares them, still after an
     * attempt slot was taken here; there is one pending code per destination at the service, so no earlier
     * code can be told apart as a mix-up.
     */
    Verdict check(String typed, String userKey, String destination, Instant now) {
        Challenge c = current();
        RemoteCodeMatcher remote = c == null ? null : channel.remoteMatcher(session, realm, c.destination());
        if (remote == null) {
            for (Challenge other : recent(userKey, destination).shareable(now, mode, browserSession())) {
                if ((c == null || !other.id().equals(c.id()))
                        && checker.matchesOther(other, matcher(other, userKey), policy, typed, now)) {
                    return Verdict.STALE;
                }
            }
        }
        Verdict v = remote != null
                ? checker.checkRemote(c, t -> remembered(remote.check(t)), policy, typed, now)
                : checker.check(c, c == null ? null : matcher(c, userKey), policy, typed, now);
        if (v == Verdict.ACCEPTED) {
            long seconds = Math.max(1, java.time.Duration.between(now, c.expiresAt()).toSeconds() + 60);
            if (!store.putIfAbsent("gatehouse-otp:used:" + c.id(), seconds)) {
                return Verdict.EXPIRED;
            }
            forget(userKey, destination, c.id());
        }
        return v;
    }

    private RemoteCodeMatcher.Answer remembered(RemoteCodeMatcher.Answer a) {
        unanswered = a.answered() ? Map.of() : a.details();
        return a;
    }

    /** After a check that got {@link Verdict#UNAVAILABLE}: the service's reason for the event. */
    Map<String, String> unanswered() {
        return unanswered;
    }

    int attemptsLeft(Challenge c) {
        return checker.attemptsLeft(c, policy);
    }

    SendBudget budget() {
        return budget;
    }

    /** The recent challenges of a user (or an address without account) and destination in this mode. */
    RecentChallenges recent(String userKey, String destination) {
        return RecentChallenges.decode(store.get(recentKey(userKey, destination)));
    }

    void remember(String userKey, Challenge c, Instant now) {
        store.put(recentKey(userKey, c.destination()), policy.ttl().toSeconds() + 60,
                recent(userKey, c.destination()).with(c, now).encode());
    }

    private void forget(String userKey, String destination, String challengeId) {
        RecentChallenges left = recent(userKey, destination).without(challengeId);
        store.put(recentKey(userKey, destination), policy.ttl().toSeconds() + 60, left.encode());
    }

    /** The root authentication session (one per browser): per-session budgets, sharing before authentication. */
    String browserSession() {
        return authSession.getParentSession().getId();
    }

    private String recentKey(String userKey, String destination) {
        return "gatehouse-otp:recent:" + realm.getId() + ":" + channel.id() + ":" + mode.id() + ":"
                + SendBudget.sha256(userKey + "\n" + SendBudget.destinationKey(destination));
    }

    private String tabRef() {
        return authSession.getParentSession().getId() + "." + authSession.getTabId();
    }

    private CodeMatcher matcher(Challenge c, String userKey) {
        OneTimeCodes codes = codes(c);
        if (codes == null) {
            return null;
        }
        CodeBinding binding = binding(c, userKey);
        return typed -> codes.matches(binding, c.nonce(), policy.length(), typed);
    }

    /** Bound to the tab the challenge was issued in: a shared challenge keeps its code. */
    private CodeBinding binding(Challenge c, String userKey) {
        return new CodeBinding(userKey, c.boundTo(), channel.id(), c.destination());
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
