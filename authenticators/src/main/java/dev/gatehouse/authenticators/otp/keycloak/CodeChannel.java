package dev.gatehouse.authenticators.otp.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;

/**
 * What differs between code channels (email now, SMS next): where a user's codes go, how a destination is
 * shown, how a code is delivered, and which page and messages the user sees. Everything else — issuing,
 * budgets, checking, events — is {@link CodeStep}'s.
 */
public interface CodeChannel {

    /** What a delivery did. */
    enum Delivery { SENT, UNAVAILABLE, FAILED }

    /** The channel's name in notes, counter keys and events ("email"). */
    String id();

    /** A destination as pages and events show it. */
    String mask(String destination);

    /** The user's verified destination on this channel, or null. */
    String verifiedDestination(UserModel user);

    /** Whether the realm can send on this channel at all; logs one line for the admin when not. */
    boolean available(RealmModel realm);

    /** Delivers a code now, in the caller's session; never logs the code. */
    Delivery deliver(KeycloakSession session, RealmModel realm, UserModel user, String destination, String code,
                     OtpPolicy policy, CodeMode mode);

    /**
     * For a channel whose delivery service makes and checks the codes (Twilio Verify): the check of a typed code
     * for {@code destination}, or null when the code is ours (derived and compared by the engine).
     */
    default dev.gatehouse.authenticators.otp.CodeMatcher remoteMatcher(KeycloakSession session, RealmModel realm,
                                                                      String destination) {
        return null;
    }

    /** The login-theme template of the code page. */
    String pageTemplate();

    /** The localized message key for a message. */
    String messageKey(CodeMessage message);
}
