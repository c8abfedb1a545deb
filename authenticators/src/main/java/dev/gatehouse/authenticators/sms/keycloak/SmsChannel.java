package dev.gatehouse.authenticators.sms.keycloak;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

import dev.gatehouse.authenticators.otp.CodeMessage;
import dev.gatehouse.authenticators.otp.CodeMode;
import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.otp.OtpPolicy;
import dev.gatehouse.authenticators.otp.RemoteCodeMatcher;
import dev.gatehouse.authenticators.otp.SendOutcome;
import dev.gatehouse.authenticators.otp.keycloak.CodeChannel;
import dev.gatehouse.authenticators.otp.keycloak.CodeFlows;
import dev.gatehouse.authenticators.otp.keycloak.CodeStep;
import dev.gatehouse.authenticators.otp.keycloak.ReplicatedCounters;
import dev.gatehouse.authenticators.sms.PhoneNumbers;
import dev.gatehouse.authenticators.sms.PumpingGuard;
import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsSettings;
import dev.gatehouse.authenticators.sms.SmsText;

/**
 * Codes by SMS, for one request: the realm's settings and sender, to the number in the user's credential. Each
 * delivery re-checks the number against the current policy (a country taken off the allowlist stops sends),
 * passes the toll-fraud controls, then goes to the sender; with Twilio Verify the service makes, sends and
 * checks the code. Never logs a code or a full number.
 */
public final class SmsChannel implements CodeChannel {

    private static final Logger LOG = Logger.getLogger(SmsChannel.class);
    static final String TEMPLATE = "gatehouse-sms-code.ftl";
    static final String BODY = "gatehouse-smsCodeBody";
    /** Event details of a refused or failed delivery. */
    public static final String EVENT_PROVIDER_CODE = "gatehouse_sms_provider_code";
    public static final String EVENT_RESULT = "gatehouse_sms_result";
    public static final String EVENT_REFUSAL = "gatehouse_sms_refusal";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{4,10}");

    private final KeycloakSession session;
    private final SmsSettings settings;
    private final SmsMetrics metrics;

    SmsChannel(KeycloakSession session, SmsSettings settings, SmsMetrics metrics) {
        this.session = session;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The channel of this request: the realm's settings (null when missing or broken, after one log line). */
    public static SmsChannel of(KeycloakSession session, RealmModel realm) {
        return new SmsChannel(session, SmsSettingsLoader.load(session, realm),
                session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, SmsCodeAuthenticatorFactory.PROVIDER_ID)
                        instanceof SmsCodeAuthenticatorFactory f ? f.metrics() : null);
    }

    /** The realm's settings, or null when SMS codes are unavailable. */
    public SmsSettings settings() {
        return settings;
    }

    @Override
    public String id() {
        return "sms";
    }

    @Override
    public String mask(String destination) {
        return Masking.phone(destination);
    }

    @Override
    public String verifiedDestination(UserModel user) {
        return SmsCodeCredentialProvider.number(user);
    }

    @Override
    public boolean available(RealmModel realm) {
        SmsSenderProvider sender = sender(session, realm);
        return sender != null && sender.ready();
    }

    private SmsSenderProvider sender(KeycloakSession s, RealmModel realm) {
        if (settings == null || settings.sender() == null || settings.sender().isBlank()) {
            return null;
        }
        SmsSenderProvider sender = s.getProvider(SmsSenderProvider.class, settings.sender());
        if (sender == null) {
            LOG.warnf("realm %s: the SMS sender %s is not available on this server (required action %s, option %s)",
                    realm.getName(), settings.sender(), SmsCodeSetupActionFactory.PROVIDER_ID, "gatehouse.sms.sender");
        }
        return sender;
    }

    /** One log line for the admin on failure (never the code or the full number); the caller shows the user a message. */
    @Override
    public Delivery deliver(KeycloakSession s, RealmModel realm, UserModel user, String destination, String code,
                            OtpPolicy policy, CodeMode mode) {
        SmsSenderProvider sender = sender(s, realm);
        if (sender == null) {
            return Delivery.UNAVAILABLE;
        }
        PhoneNumbers.Checked number = new PhoneNumbers(settings).check(destination);
        if (!number.ok()) {
            LOG.warnf("realm %s: no SMS code to %s: the number is no longer allowed (%s)", realm.getName(),
                    Masking.phone(destination), id(number.refusal()));
            return new Delivery(SendOutcome.UNAVAILABLE, Map.of(EVENT_REFUSAL, id(number.refusal())));
        }
        PumpingGuard.Verdict guard = new PumpingGuard(new ReplicatedCounters(s.singleUseObjects()), settings).tryConsume(
                new PumpingGuard.Send(realm.getId(), user == null ? null : user.getId(), ip(s), number.e164(), number.region()),
                CodeFlows.now());
        if (!guard.allowed()) {
            return new Delivery(SendOutcome.THROTTLED, Map.of(CodeStep.EVENT_BUDGET, budgetId(guard.refusal())));
        }
        SmsResult result;
        if (sender.makesCodes()) {
            result = sender.startVerification(settings, number.e164(), s.getContext().resolveLocale(user).toLanguageTag());
        } else {
            String text = text(s, realm, user, code);
            if (text == null) {
                return Delivery.FAILED;
            }
            result = sender.send(settings, number.e164(), text);
        }
        Delivery d = delivery(result);
        if (d.sent()) {
            if (metrics != null) {
                metrics.sent(number.region());
            }
        } else {
            LOG.warnf("realm %s: SMS code to %s not sent: %s", realm.getName(), Masking.phone(number.e164()), d.details());
        }
        return d;
    }

    /**
     * Twilio Verify: the service checks the code; a malformed code never leaves the server. Only an approval or a
     * refusal is an answer: a timeout, a 5xx after the retry (or the retried 404 the client maps to UNAVAILABLE)
     * and refused credentials are no wrong code.
     */
    @Override
    public RemoteCodeMatcher remoteMatcher(KeycloakSession s, RealmModel realm, String destination) {
        SmsSenderProvider sender = sender(s, realm);
        if (sender == null || !sender.makesCodes()) {
            return null;
        }
        return typed -> {
            String digits = typed == null ? "" : typed.replaceAll("[\\s-]", "");
            if (!DIGITS.matcher(digits).matches()) {
                return RemoteCodeMatcher.Answer.NO_MATCH;
            }
            return answer(realm, destination, sender.checkVerification(settings, destination, digits));
        };
    }

    /** A Verify check's result as an answer to the code step; one log line for the admin when there is none. */
    static RemoteCodeMatcher.Answer answer(RealmModel realm, String destination, SmsResult r) {
        if (r != null && r.ok()) {
            return RemoteCodeMatcher.Answer.MATCH;
        }
        if (r != null && r.outcome() == SmsResult.Outcome.NOT_APPROVED) {
            return RemoteCodeMatcher.Answer.NO_MATCH;
        }
        Map<String, String> details = delivery(r).details();
        LOG.warnf("realm %s: SMS code for %s not checked: %s", realm == null ? "?" : realm.getName(),
                Masking.phone(destination), details);
        return RemoteCodeMatcher.Answer.none(details);
    }

    @Override
    public void verified(String destination) {
        if (metrics != null) {
            metrics.verified(PhoneNumbers.regionOf(destination));
        }
    }

    /**
     * The message text: the theme's localized line in the user's locale, then the WebOTP line for the host of the
     * sign-in page. Null (after a log line) when the theme or the request can't give them.
     */
    private static String text(KeycloakSession s, RealmModel realm, UserModel user, String code) {
        try {
            Locale locale = s.getContext().resolveLocale(user);
            String pattern = s.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale).getProperty(BODY);
            if (pattern == null) {
                LOG.warnf("realm %s: the login theme has no message %s: SMS code not sent", realm.getName(), BODY);
                return null;
            }
            String name = realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
            String intro = new MessageFormat(pattern, locale).format(new Object[] {code, name});
            return SmsText.body(intro, s.getContext().getUri().getBaseUri().getHost(), code);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("realm %s: SMS text not built: %s", realm.getName(), e.getClass().getSimpleName());
            return null;
        }
    }

    private static String ip(KeycloakSession s) {
        return s.getContext().getConnection() == null ? null : s.getContext().getConnection().getRemoteAddr();
    }

    /** What a sender's answer means for the page and the event: anything but SENT is "could not send". */
    static Delivery delivery(SmsResult result) {
        if (result != null && result.ok()) {
            return Delivery.SENT;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put(EVENT_RESULT, result == null ? "rejected" : id(result.outcome()));
        if (result != null && result.providerCode() != null) {
            details.put(EVENT_PROVIDER_CODE, result.providerCode());
        }
        return new Delivery(SendOutcome.FAILED, details);
    }

    /** The budget in events: sms_destination_daily, sms_ip_daily, …, sms_realm_daily, sms_delay. */
    static String budgetId(PumpingGuard.Refusal refusal) {
        return "sms_" + id(refusal) + (refusal == PumpingGuard.Refusal.DELAY ? "" : "_daily");
    }

    static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String pageTemplate() {
        return TEMPLATE;
    }

    @Override
    public String messageKey(CodeMessage message) {
        return switch (message) {
            case SENT_IF_ACCOUNT -> "gatehouse-smsCodeSentIfAccount";
            case SENT_AGAIN -> "gatehouse-smsCodeSentAgain";
            case REUSED -> "gatehouse-smsCodeReused";
            case RESEND_WAIT -> "gatehouse-smsCodeResendWait";
            case RECENTLY_SENT -> "gatehouse-smsCodeRecentlySent";
            case THROTTLED -> "gatehouse-smsCodeThrottled";
            case UNAVAILABLE -> "gatehouse-smsCodeNotAvailable";
            case SEND_FAILED -> "gatehouse-smsCodeSendFailed";
            case NO_DESTINATION -> "gatehouse-smsCodeNoNumber";
            case INVALID -> "gatehouse-smsCodeInvalid";
            case INVALID_ATTEMPTS -> "gatehouse-smsCodeInvalidAttempts";
            case VOID -> "gatehouse-smsCodeVoid";
            case EXPIRED -> "gatehouse-smsCodeExpired";
            case STALE -> "gatehouse-smsCodeStale";
            case INVALID_ADDRESS -> "gatehouse-smsCodeInvalidNumber";
            case MISCONFIGURED -> "gatehouse-smsCodeUnavailable";
            case CHECK_UNAVAILABLE -> "gatehouse-smsCodeCheckUnavailable";
        };
    }

    /** The localized refusal of a typed number on the enrolment page. */
    static String refusalKey(PhoneNumbers.Refusal refusal) {
        return switch (refusal) {
            case INVALID -> "gatehouse-smsCodeInvalidNumber";
            case COUNTRY_NOT_ALLOWED -> "gatehouse-smsCodeCountryNotAllowed";
            case TYPE_NOT_ALLOWED -> "gatehouse-smsCodeTypeNotAllowed";
        };
    }
}
