package dev.gatehouse.authenticators.sms.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.HttpEntity;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicNameValuePair;
import org.jboss.logging.Logger;

import dev.gatehouse.authenticators.otp.Masking;
import dev.gatehouse.authenticators.sms.SmsOption;
import dev.gatehouse.authenticators.sms.SmsResult;
import dev.gatehouse.authenticators.sms.SmsResult.Outcome;
import dev.gatehouse.authenticators.sms.SmsSettings;

/**
 * Twilio's REST API over the HTTP client the host lends (Keycloak's {@code HttpClientProvider}: the admin's proxy,
 * timeouts and truststore apply), not the Twilio SDK, whose dependencies clash with Keycloak's classpath.
 * Programmable Messaging ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}) and Verify ({@code POST
 * /v2/Services/{sid}/Verifications} and {@code …/VerificationCheck}); form-encoded, with Basic auth: the API key
 * SID and its secret when a key is set, else the Account SID and its auth token.
 *
 * <p>Timeouts, connection failures and 5xx are retried once within the call, then {@code UNAVAILABLE}. A retried
 * send may deliver twice when the first answer was lost; the text carries the same code, so that is harmless.
 * Each failure is one log line for the admin: masked number, HTTP status, Twilio's code and its {@code more_info}
 * link. Never the body, the code, the secret or Twilio's {@code message} (which can quote the full number).
 * The client is never closed here: its owner does that.
 */
public final class TwilioClient {

    /** Twilio's answers are a few hundred bytes; anything far longer is not Twilio's and is not read. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(TwilioClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Twilio takes as Locale (en, de, pt-BR, zh-HK…); anything else is left out rather than refused. */
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,4})?");

    /** The three calls, named as the log line names them. */
    private enum Call {
        SEND("send"), START("verification"), CHECK("verification check");

        final String what;

        Call(String what) {
            this.what = what;
        }
    }

    /** One HTTP exchange: status 0 when no answer came ({@code failure} says why); json null when not readable. */
    private record Reply(int status, JsonNode json, String failure) {

        boolean transientFailure() {
            return status == 0 || status >= 500;
        }

        String twilioCode() {
            JsonNode code = json == null ? null : json.get("code");
            return code != null && code.canConvertToInt() && code.asInt() > 0 ? String.valueOf(code.asInt()) : null;
        }
    }

    private final CloseableHttpClient http;

    public TwilioClient(CloseableHttpClient http) {
        this.http = http;
    }

    /** Programmable Messaging: sends {@code body} to {@code to} (E.164). */
    public SmsResult send(SmsSettings settings, String to, String body) {
        String service = blankToNull(settings.twilioMessagingServiceSid());
        String from = blankToNull(settings.twilioFrom());
        if (service == null && from == null) {
            return misconfigured(Call.SEND, to, SmsOption.TWILIO_FROM.key() + " or " + SmsOption.TWILIO_MESSAGING_SERVICE_SID.key() + " is not set");
        }
        String account = blankToNull(settings.twilioAccountSid());
        if (account == null) {
            return misconfigured(Call.SEND, to, SmsOption.TWILIO_ACCOUNT_SID.key() + " is not set");
        }
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("To", to));
        // The Messaging Service takes precedence (SmsOption's help says so): Twilio picks from its sender pool.
        form.add(service != null ? new BasicNameValuePair("MessagingServiceSid", service) : new BasicNameValuePair("From", from));
        form.add(new BasicNameValuePair("Body", body));
        return call(Call.SEND, settings, base(settings.twilioApiUrl(), SmsOption.TWILIO_API_URL),
                "/2010-04-01/Accounts/" + segment(account) + "/Messages.json", form, to);
    }

    /** Verify: Twilio makes a code and sends it to {@code to}, in {@code locale} (a language tag; may be null). */
    public SmsResult startVerification(SmsSettings settings, String to, String locale) {
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("To", to));
        form.add(new BasicNameValuePair("Channel", "sms"));
        if (locale != null && LOCALE.matcher(locale).matches()) {
            form.add(new BasicNameValuePair("Locale", locale));
        }
        return verify(Call.START, settings, "/Verifications", form, to);
    }

    /** Verify: SENT when Twilio approves {@code code} for {@code to}; NOT_APPROVED otherwise. */
    public SmsResult checkVerification(SmsSettings settings, String to, String code) {
        List<NameValuePair> form = List.of(new BasicNameValuePair("To", to), new BasicNameValuePair("Code", code));
        return verify(Call.CHECK, settings, "/VerificationCheck", form, to);
    }

    private SmsResult verify(Call call, SmsSettings settings, String tail, List<NameValuePair> form, String to) {
        String service = blankToNull(settings.twilioVerifyServiceSid());
        if (service == null) {
            return misconfigured(call, to, SmsOption.TWILIO_VERIFY_SERVICE_SID.key() + " is not set");
        }
        return call(call, settings, base(settings.twilioVerifyUrl(), SmsOption.TWILIO_VERIFY_URL),
                "/v2/Services/" + segment(service) + tail, form, to);
    }

    private SmsResult call(Call call, SmsSettings settings, String base, String path, List<NameValuePair> form, String to) {
        String keySid = blankToNull(settings.twilioApiKeySid());
        String user = keySid != null ? keySid : blankToNull(settings.twilioAccountSid());
        if (user == null) {
            return misconfigured(call, to, SmsOption.TWILIO_ACCOUNT_SID.key() + " is not set");
        }
        String secret = settings.twilioSecret();
        if (secret == null || secret.isEmpty()) {
            return misconfigured(call, to, SmsOption.TWILIO_SECRET.key() + " is not set");
        }
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            return misconfigured(call, to, "the Twilio base URL is not a URL");
        }
        String authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Reply first = exchange(uri, authorization, form);
        Reply reply = first.transientFailure() ? exchange(uri, authorization, form) : first;
        boolean retried = reply != first;
        SmsResult result = outcome(call, reply, retried);
        if (!result.ok() && result.outcome() != Outcome.NOT_APPROVED) {
            log(call, to, reply, result, retried);
        }
        return result;
    }

    private Reply exchange(URI uri, String authorization, List<NameValuePair> form) {
        HttpPost post = new HttpPost(uri);
        post.setHeader("Authorization", authorization);
        post.setHeader("Accept", "application/json");
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        try (CloseableHttpResponse r = http.execute(post)) {
            int status = r.getStatusLine().getStatusCode();
            return new Reply(status, json(post, r.getEntity()), null);
        } catch (IOException e) {
            // Connect and read timeouts, refused connections, TLS failures: no answer from Twilio.
            return new Reply(0, null, e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // The host client refused the request (shut down, bad proxy settings): a failed send, never a 500.
            return new Reply(0, null, e.getClass().getSimpleName());
        }
    }

    /** The answer's JSON, or null when there is none, it isn't JSON, or it is too long (then it isn't read). */
    private static JsonNode json(HttpPost post, HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = entity.getContent()) {
            bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                post.abort(); // closing the stream would read the rest
                return null;
            }
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static SmsResult outcome(Call call, Reply reply, boolean retried) {
        int status = reply.status();
        String code = reply.twilioCode();
        if (status >= 200 && status < 300) {
            if (call != Call.CHECK) {
                return SmsResult.SENT;
            }
            if (reply.json() == null) {
                return new SmsResult(Outcome.UNAVAILABLE, null);
            }
            return "approved".equals(reply.json().path("status").asText()) ? SmsResult.SENT : new SmsResult(Outcome.NOT_APPROVED, null);
        }
        if (reply.transientFailure()) {
            return new SmsResult(Outcome.UNAVAILABLE, code);
        }
        if (call == Call.CHECK && (status == 404 || "60202".equals(code))) {
            // No pending verification (expired, approved already, or deleted after Twilio's 5 wrong checks).
            // After a lost first answer, though, the first check may have approved and so deleted it: then the
            // code was not shown wrong, and the user must not be charged a wrong attempt for it.
            return new SmsResult(retried ? Outcome.UNAVAILABLE : Outcome.NOT_APPROVED, code);
        }
        return new SmsResult(mapped(status, code), code);
    }

    /** Twilio's error codes (Programmable Messaging 2xxxx, Verify 6xxxx), then the HTTP status. */
    static Outcome mapped(int status, String code) {
        if (code != null) {
            switch (code) {
                case "21211":
                    return Outcome.INVALID_NUMBER;
                case "21408", "60605":   // account geo permissions; Verify Geo-Permissions
                    return Outcome.COUNTRY_NOT_ENABLED;
                case "21610":
                    return Outcome.OPTED_OUT;
                case "21614", "21635", "60205": // not mobile; landline (Messaging); landline (Verify)
                    return Outcome.NOT_MOBILE;
                case "20003", "20404", "21212", "21606", "21659", "21660", "60223":
                    // credentials; unknown account or service; From unusable or not the account's; channel off
                    return Outcome.MISCONFIGURED;
                case "20429":           // Twilio's concurrency limit: try again later
                    return Outcome.UNAVAILABLE;
                default:
                    break;
            }
        }
        if (status == 401 || status == 403) {
            return code == null || code.equals("20003") ? Outcome.MISCONFIGURED : Outcome.REJECTED;
        }
        if (status == 404) {
            return Outcome.MISCONFIGURED;
        }
        // 60200 (invalid parameter), 60203 (max sends), 60410 (Fraud Guard block) and other refusals.
        return Outcome.REJECTED;
    }

    private static void log(Call call, String to, Reply reply, SmsResult result, boolean retried) {
        StringBuilder line = new StringBuilder("gatehouse sms: Twilio ").append(call.what).append(" to ")
                .append(Masking.phone(to)).append(" failed: ");
        if (reply.status() == 0) {
            line.append("no answer (").append(reply.failure()).append(')');
        } else {
            line.append("HTTP ").append(reply.status());
            String code = reply.twilioCode();
            if (code != null) {
                line.append(", Twilio error ").append(code);
                String more = reply.json().path("more_info").asText("");
                // Only a link to Twilio's docs: anything else in that field is not repeated.
                if (more.startsWith("https://www.twilio.com/") && more.length() <= 120 && more.chars().noneMatch(Character::isWhitespace)) {
                    line.append(" (").append(more).append(')');
                }
            }
        }
        if (retried) {
            line.append(", after one retry");
        }
        line.append(": ").append(result.outcome());
        if (result.outcome() == Outcome.MISCONFIGURED || result.outcome() == Outcome.UNAVAILABLE || result.outcome() == Outcome.REJECTED) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

    private static SmsResult misconfigured(Call call, String to, String why) {
        LOG.warnf("gatehouse sms: Twilio %s to %s not attempted: %s: MISCONFIGURED", call.what, Masking.phone(to), why);
        return new SmsResult(Outcome.MISCONFIGURED, null);
    }

    private static String base(String configured, SmsOption option) {
        String b = blankToNull(configured);
        b = b == null ? option.defaultValue() : b.trim();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
