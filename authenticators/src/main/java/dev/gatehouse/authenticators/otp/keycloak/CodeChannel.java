package dev.gatehouse.authenticators.otp.keycloak;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.otp.CodeMatcher;
import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.SendOutcome;

/**
 * What differs between code channels (email now, SMS next): where a user's codes go, how a destination is
 * shown, how a code is delivered, and which page and messages the user sees. Everything else — issuing,
 * budgets, checking, events — is {@link CodeStep}'s.
 */
public interface CodeChannel {

    /**
     * What a delivery did: {@link SendOutcome#SENT}, {@link SendOutcome#THROTTLED} (a channel's own budget, such
     * as SMS pumping limits, refused it), {@link SendOutcome#UNAVAILABLE} (the channel can't send at all) or
     * {@link SendOutcome#FAILED} (the service refused or failed); with the event details that say why (the
     * budget as {@link CodeStep#EVENT_BUDGET}, a service's error code), never a code or a full destination.
     */
    record Delivery(SendOutcome outcome, Map<String, String> details) {

        public static final Delivery SENT = new Delivery(SendOutcome.SENT, Map.of());
        public static final Delivery UNAVAILABLE = new Delivery(SendOutcome.UNAVAILABLE, Map.of());
        public static final Delivery FAILED = new Delivery(SendOutcome.FAILED, Map.of());

        public Delivery {
            if (outcome != SendOutcome.SENT && outcome != SendOutcome.THROTTLED && outcome != SendOutcome.UNAVAILABLE
                    && outcome != SendOutcome.FAILED) {
                throw new IllegalArgumentException("not a delivery outcome: " + outcome);
            }
            details = Map.copyOf(details);
        }

        public boolean sent() {
            return outcome == SendOutcome.SENT;
        }
    }

    /** The channel's name in notes, counter keys and events ("email"). */
    String id();

    /** A destination as pages and events show it. */
    String mask(String destination);

    /** The user's verified destination on this channel, or null. */
    String verifiedDestination(UserModel user);

    /** Whether the realm can send on this channel at all; logs one line for the admin when not. */
    boolean available(RealmModel realm);

    /**
     * Delivers a code now, in the caller's session; never logs the code. A channel with a
     * {@link #remoteMatcher remote matcher} asks its service to send the service's own code instead.
     */
    Delivery deliver(KeycloakSession session, RealmModel realm, UserModel user, String destination, String code,
                     OtpPolicy policy, CodeMode mode);

    /**
     * For a channel whose delivery service makes and checks the codes (Twilio Verify): the check of a typed code
     * for {@code destination}, or null when the code is ours (derived and compared by the engine). The code step
     * still takes an attempt slot before each remote check, so attempts, budgets, single use and events stay ours.
     */
    default CodeMatcher remoteMatcher(KeycloakSession session, RealmModel realm, String destination) {
        return null;
    }

    /** Called once a code sent to {@code destination} was accepted (for the channel's metrics). */
    default void verified(String destination) {
    }

    /** The login-theme template of the code page. */
    String pageTemplate();

    /** The localized message key for a message. */
    String messageKey(CodeMessage message);
}
