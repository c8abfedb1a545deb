package dev.gatehouse.authenticators.sms;

import java.util.Locale;

import dev.gatehouse.authenticators.config.DeclaredOption;

/**
 * Every realm-wide SMS option, declared once: its key, label, help text and default. They live in the config of
 * the required action {@code gatehouse-sms-code-setup} (Authentication &gt; Required actions &gt; the gear in the
 * admin console; {@code requiredActions[].config} in realm JSON), because both the enrolment and the sign-in step
 * need them. The per-execution code policy (length, lifetime, attempts, cooldown, hourly budgets) stays on the
 * {@code gatehouse-sms-code} execution, as for email. docs/sms-codes.md holds the table a test keeps equal to this.
 */
public enum SmsOption implements DeclaredOption {

    SENDER("gatehouse.sms.sender", "Sender",
            "Who delivers the messages: twilio (Programmable Messaging), twilio-verify (Twilio Verify makes and "
                    + "sends the code), or dev (a file outbox; only when the server enables it). Empty: SMS codes "
                    + "are unavailable.", "", Kind.TEXT),
    TWILIO_ACCOUNT_SID("gatehouse.sms.twilio.accountSid", "Twilio Account SID",
            "The account (AC…) the messages are sent from.", "", Kind.TEXT),
    TWILIO_API_KEY_SID("gatehouse.sms.twilio.apiKeySid", "Twilio API key SID",
            "Optional API key (SK…). When set, requests authenticate with it and the secret below; otherwise "
                    + "with the Account SID and its auth token.", "", Kind.TEXT),
    TWILIO_SECRET("gatehouse.sms.twilio.secret", "Twilio auth token or API key secret",
            "Accepts ${vault.…}; never logged or shown in error messages.", "", Kind.SECRET),
    TWILIO_FROM("gatehouse.sms.twilio.from", "Twilio sender number",
            "The From number (E.164) of Programmable Messaging; or set a Messaging Service SID instead.", "", Kind.TEXT),
    TWILIO_MESSAGING_SERVICE_SID("gatehouse.sms.twilio.messagingServiceSid", "Twilio Messaging Service SID",
            "MG…: Twilio picks the sender from the service's pool. Takes precedence over the sender number.", "", Kind.TEXT),
    TWILIO_VERIFY_SERVICE_SID("gatehouse.sms.twilio.verifyServiceSid", "Twilio Verify Service SID",
            "VA…: the Verify service of the twilio-verify sender.", "", Kind.TEXT),
    TWILIO_API_URL("gatehouse.sms.twilio.apiUrl", "Twilio API base URL",
            "Programmable Messaging's base URL; change it only for a Twilio edge location. https, or http to "
                    + "127.0.0.1, [::1] or localhost (test fakes).", "https://api.twilio.com", Kind.TEXT),
    TWILIO_VERIFY_URL("gatehouse.sms.twilio.verifyUrl", "Twilio Verify base URL",
            "Twilio Verify's base URL. https, or http to 127.0.0.1, [::1] or localhost (test fakes).", "https://verify.twilio.com", Kind.TEXT),
    DEFAULT_REGION("gatehouse.sms.defaultRegion", "Default region",
            "ISO 3166 region (US, DE, FR…) of numbers typed without a +country prefix.", "US", Kind.TEXT),
    ALLOWED_COUNTRIES("gatehouse.sms.allowedCountries", "Allowed countries",
            "Regions (comma-separated ISO codes) whose numbers may enrol and receive codes. Empty: only the "
                    + "default region.", "", Kind.TEXT),
    ALLOWED_NUMBER_TYPES("gatehouse.sms.allowedNumberTypes", "Allowed number types",
            "libphonenumber types (comma-separated) that may enrol: MOBILE, FIXED_LINE_OR_MOBILE, FIXED_LINE, "
                    + "VOIP, TOLL_FREE, PERSONAL_NUMBER, PAGER, UAN, VOICEMAIL, PREMIUM_RATE, SHARED_COST, UNKNOWN. Premium-rate, shared-cost, fixed-line "
                    + "and unknown numbers are refused unless listed.", "MOBILE,FIXED_LINE_OR_MOBILE", Kind.TEXT),
    ONE_ACCOUNT_PER_NUMBER("gatehouse.sms.oneAccountPerNumber", "One account per number",
            "Refuse a number another account already uses. Enrolment reveals nothing before the number is "
                    + "verified.", "false", Kind.BOOLEAN),
    DAILY_PER_DESTINATION("gatehouse.sms.daily.perDestination", "Messages per day per number",
            "Messages to one number per UTC day, across all accounts and the cluster.", "10", Kind.NUMBER),
    DAILY_PER_IP("gatehouse.sms.daily.perIp", "Messages per day per IP address",
            "Messages requested from one client IP address per UTC day. Checked before the number's budget, so a "
                    + "requester over its limit spends nothing of it.", "50", Kind.NUMBER),
    DAILY_PER_USER("gatehouse.sms.daily.perUser", "Messages per day per user",
            "Messages sent for one account per UTC day. Checked before the number's budget.", "10", Kind.NUMBER),
    DAILY_PER_COUNTRY("gatehouse.sms.daily.perCountry", "Messages per day per country",
            "Messages to the numbers of one country per UTC day. Pumping attacks pick a few expensive "
                    + "destinations; this caps each.", "200", Kind.NUMBER),
    DAILY_REALM_CAP("gatehouse.sms.daily.realmCap", "Messages per day in the realm",
            "The realm-wide cap per UTC day: no message is sent once it is reached.", "1000", Kind.NUMBER),
    DELAY_BASE("gatehouse.sms.delay.base", "Growing delay base (seconds)",
            "Repeated sends to one number wait longer each time: the second message of a UTC day comes at least "
                    + "the base after the first, each further one twice the previous gap, up to an hour. 0 turns the "
                    + "growing delay off.", "30", Kind.NUMBER);

    /** How an option's value is read and shown in the admin console. */
    public enum Kind { TEXT, SECRET, NUMBER, BOOLEAN }

    private final String key;
    private final String label;
    private final String help;
    private final String defaultValue;
    private final Kind kind;

    SmsOption(String key, String label, String help, String defaultValue, Kind kind) {
        this.key = key;
        this.label = label;
        this.help = help;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
