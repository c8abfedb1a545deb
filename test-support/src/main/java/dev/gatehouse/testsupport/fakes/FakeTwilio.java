package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * Twilio in process, on its documented wire format, for one account:
 * <ul>
 *   <li>Programmable Messaging: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} (form {@code To},
 *   {@code From} or {@code MessagingServiceSid}, {@code Body}) answers 201 with the Message resource;</li>
 *   <li>Verify: {@code POST /v2/Services/{ServiceSid}/Verifications} (form {@code To}, {@code Channel},
 *   optional {@code Locale}) answers 201 {@code pending} and makes a 6-digit code per service and number (the same
 *   code again while it is pending, at most 5 sends: then 429 / 60203);
 *   {@code POST /v2/Services/{ServiceSid}/VerificationCheck} (form {@code To}, {@code Code}) answers 200
 *   {@code approved} or {@code pending}; the verification is gone once approved, or at the check after 5 wrong ones
 *   (429 / 60202), and a check without one is 404 / 20404.</li>
 * </ul>
 * Every request needs Basic auth: the Account SID with its auth token, or an API key SID ({@link #addApiKey}) with
 * its secret; the account in a Messages path must be this one. Otherwise 401 / 20003. Errors carry Twilio's body
 * {@code {"code","message","more_info","status"}}, and like Twilio's their messages may quote the full number:
 * a client must not log them. {@link #down()} (connection refused) and {@link #up()} come from the base class.
 */
public final class FakeTwilio extends FakeHttpServer {

    /** A Programmable Messaging message as Twilio received it; {@code authUser} is the Basic auth username. */
    public record Message(String to, String from, String messagingServiceSid, String body, String authUser) {
    }

    /** A Verify send as Twilio received it ({@code code} is the one the phone got). */
    public record Verification(String serviceSid, String to, String channel, String locale, String code, String authUser) {
    }

    private record Pending(String sid, String code, int sends, int wrongChecks) {
    }

    private record Failure(int httpStatus, int twilioCode) {
    }

    private static final Pattern MESSAGES = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern VERIFY = Pattern.compile("/v2/Services/([^/]+)/(Verifications|VerificationCheck)");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2}(-[A-Za-z]{2})?");
    private static final Pattern LAST_CODE = Pattern.compile("#([0-9]+)\\s*$");
    private static final int MAX_SENDS = 5;
    private static final int MAX_CHECKS = 5;
    private static final int MAX_BODY = 1600;
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String accountSid;
    private final String authToken;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger requests = new AtomicInteger();

    // All guarded by this: the server answers on many threads.
    private final Map<String, String> apiKeys = new HashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Verification> verifications = new ArrayList<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();
    /** Per number: the newest code it received, by a message or by Verify. */
    private final Map<String, String> lastCodes = new HashMap<>();
    private int failNextTimes;
    private int failNextStatus;
    private int delayNextTimes;
    private long delayNextMillis;
    private volatile long lateMillis;

    public FakeTwilio(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    /** An API key (SK…) of this account: requests may authenticate with it and its secret. */
    public synchronized FakeTwilio addApiKey(String keySid, String secret) {
        apiKeys.put(keySid, secret);
        return this;
    }

    /** {@code http://127.0.0.1:port}: the base URL of both Programmable Messaging and Verify. */
    public String baseUrl() {
        return uri().toString();
    }

    public synchronized List<Message> messagesTo(String e164) {
        return messages.stream().filter(m -> e164.equals(m.to())).toList();
    }

    public synchronized int messageCount() {
        return messages.size();
    }

    public synchronized List<Verification> verificationsTo(String e164) {
        return verifications.stream().filter(v -> e164.equals(v.to())).toList();
    }

    public synchronized int verificationCount() {
        return verifications.size();
    }

    /**
     * The newest code {@code e164} received: the digits after {@code #} on the last line of a message (the WebOTP
     * form), or the code of a Verify send, whichever came last; null if none.
     */
    public synchronized String lastCode(String e164) {
        return lastCodes.get(e164);
    }

    /** Every send and every verification to {@code e164} answers this error from now on (until {@link #reset}). */
    public synchronized void failFor(String e164, int httpStatus, int twilioCode) {
        failures.put(e164, new Failure(httpStatus, twilioCode));
    }

    /** The next {@code times} requests, whatever they are, answer {@code httpStatus} (e.g. 500, 503). */
    public synchronized void failNext(int times, int httpStatus) {
        failNextTimes = times;
        failNextStatus = httpStatus;
    }

    /** Requests received, including refused and failed ones. */
    public int requestCount() {
        return requests.get();
    }

    /** Forgets messages, verifications, failures and the delay; keeps the account and its API keys; listens again. */
    public synchronized void reset() {
        messages.clear();
        verifications.clear();
        pending.clear();
        failures.clear();
        lastCodes.clear();
        failNextTimes = 0;
        delayNextTimes = 0;
        requests.set(0);
        delay(0);
        up();
    }

    /**
     * Every request is handled {@code millis} late (0: on time), for timeouts: a client that gave up has sent
     * nothing. Counted in {@link #requestCount} on arrival.
     */
    @Override
    public void delay(long millis) {
        this.lateMillis = millis;
    }

    /**
     * The next {@code times} requests take effect at once but are answered {@code millis} late: a client that times
     * out has lost the answer of a request Twilio carried out (a message sent, a code approved), then retries.
     */
    public synchronized void delayNext(int times, long millis) {
        delayNextTimes = times;
        delayNextMillis = millis;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String raw = body(ex);
        if (!sleep(lateMillis)) {
            return;
        }
        Answer answer;
        long answerLate = 0;
        synchronized (this) {
            answer = answer(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Type"), raw);
            if (delayNextTimes > 0) {
                delayNextTimes--;
                answerLate = delayNextMillis;
            }
        }
        if (!sleep(answerLate)) {
            return;
        }
        if (answer.status() == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        }
        send(ex, answer.status(), "application/json", answer.json());
    }

    private static boolean sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private record Answer(int status, String json) {
    }

    private Answer answer(String method, String rawPath, String authorization, String contentType, String rawBody) {
        if (failNextTimes > 0) {
            failNextTimes--;
            return error(failNextStatus, 20000 + failNextStatus, failNextStatus >= 500 ? "Service is unavailable" : "Injected failure");
        }
        String user = authenticatedUser(authorization);
        if (user == null) {
            return error(401, 20003, "Authenticate");
        }
        Map<String, String> form = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? form(rawBody) : Map.of();
        Matcher m = MESSAGES.matcher(rawPath);
        if (m.matches() && method.equals("POST")) {
            if (!accountSid.equals(decode(m.group(1)))) {
                return error(401, 20003, "Authenticate");
            }
            return message(form, user);
        }
        Matcher v = VERIFY.matcher(rawPath);
        if (v.matches() && method.equals("POST")) {
            String service = decode(v.group(1));
            return v.group(2).equals("Verifications") ? startVerification(service, form, user) : checkVerification(service, form);
        }
        return error(404, 20404, "The requested resource " + rawPath + " was not found");
    }

    private String authenticatedUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        boolean ok = user.equals(accountSid) ? password.equals(authToken) : password.equals(apiKeys.get(user));
        return ok ? user : null;
    }

    private Answer message(Map<String, String> form, String user) {
        String to = form.get("To");
        String from = form.get("From");
        String service = form.get("MessagingServiceSid");
        String body = form.get("Body");
        if (to == null || to.isEmpty()) {
            return error(400, 21604, "A 'To' phone number is required.");
        }
        if ((from == null || from.isEmpty()) && (service == null || service.isEmpty())) {
            return error(400, 21603, "A 'From' phone number is required.");
        }
        if (body == null || body.isEmpty()) {
            return error(400, 21602, "Message body is required.");
        }
        if (body.length() > MAX_BODY) {
            return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        Failure f = failures.get(to);
        if (f != null) {
            return error(f.httpStatus(), f.twilioCode(), messageFor(f.twilioCode(), to));
        }
        if (!E164.matcher(to).matches()) {
            return error(400, 21211, messageFor(21211, to));
        }
        messages.add(new Message(to, from, service, body, user));
        String[] lines = body.split("\n");
        Matcher c = LAST_CODE.matcher(lines[lines.length - 1]);
        if (c.find()) {
            lastCodes.put(to, c.group(1));
        }
        String now = RFC_2822.format(Instant.now());
        String sid = sid("SM");
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("account_sid", accountSid);
        out.put("api_version", "2010-04-01");
        out.put("body", body);
        out.put("date_created", now);
        out.put("date_sent", (String) null);
        out.put("date_updated", now);
        out.put("direction", "outbound-api");
        out.put("error_code", (String) null);
        out.put("error_message", (String) null);
        out.put("from", from == null || from.isEmpty() ? null : from);
        out.put("messaging_service_sid", service == null || service.isEmpty() ? null : service);
        out.put("num_media", "0");
        out.put("num_segments", String.valueOf((body.length() + 152) / 153));
        out.put("price", (String) null);
        out.put("price_unit", "USD");
        out.put("sid", sid);
        // Twilio says "accepted" when a Messaging Service picks the sender, "queued" otherwise.
        out.put("status", service == null || service.isEmpty() ? "queued" : "accepted");
        out.put("to", to);
        out.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
        return new Answer(201, out.toString());
    }

    private Answer startVerification(String service, Map<String, String> form, String user) {
        String to = form.get("To");
        String channel = form.get("Channel");
        String locale = form.get("Locale");
        if (to == null || to.isEmpty()) {
            return error(400, 60200, "Invalid parameter `To`: ");
        }
        if (!"sms".equals(channel)) {
            return error(400, 60200, "Invalid parameter `Channel`: " + channel);
        }
        if (locale != null && !LOCALE.matcher(locale).matches()) {
            return error(400, 60200, "Invalid parameter `Locale`: " + locale);
        }
        Failure f = failures.get(to);
        if (f != null) {
            return error(f.httpStatus(), f.twilioCode(), messageFor(f.twilioCode(), to));
        }
        if (!E164.matcher(to).matches()) {
            return error(400, 60200, "Invalid parameter `To`: " + to);
        }
        String key = service + "|" + to;
        Pending p = pending.get(key);
        if (p != null && p.sends() >= MAX_SENDS) {
            return error(429, 60203, "Max send attempts reached");
        }
        p = p == null
                ? new Pending(sid("VE"), String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000)), 1, 0)
                : new Pending(p.sid(), p.code(), p.sends() + 1, p.wrongChecks());
        pending.put(key, p);
        verifications.add(new Verification(service, to, channel, locale, p.code(), user));
        lastCodes.put(to, p.code());
        ObjectNode out = verification(service, p.sid(), to, "pending", false);
        out.put("amount", (String) null);
        out.put("payee", (String) null);
        out.putObject("lookup").putNull("carrier");
        out.putArray("send_code_attempts").addObject()
                .put("attempt_sid", sid("VL")).put("channel", channel).put("time", Instant.now().toString());
        out.put("url", "https://verify.twilio.com/v2/Services/" + service + "/Verifications/" + p.sid());
        return new Answer(201, out.toString());
    }

    private Answer checkVerification(String service, Map<String, String> form) {
        String to = form.get("To");
        String code = form.get("Code");
        if (code == null || code.isEmpty()) {
            return error(400, 60200, "Invalid parameter: Code");
        }
        String key = service + "|" + to;
        Pending p = to == null ? null : pending.get(key);
        if (p == null) {
            return error(404, 20404, "The requested resource /Services/" + service + "/VerificationCheck was not found");
        }
        if (p.wrongChecks() >= MAX_CHECKS) {
            // After 5 wrong checks even the right code is refused, and the verification is deleted: then 404.
            pending.remove(key);
            return error(429, 60202, "Max check attempts reached");
        }
        if (p.code().equals(code)) {
            pending.remove(key);
            return new Answer(200, verification(service, p.sid(), to, "approved", true).toString());
        }
        pending.put(key, new Pending(p.sid(), p.code(), p.sends(), p.wrongChecks() + 1));
        return new Answer(200, verification(service, p.sid(), to, "pending", false).toString());
    }

    private ObjectNode verification(String service, String sid, String to, String status, boolean valid) {
        String now = Instant.now().toString();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("sid", sid);
        out.put("service_sid", service);
        out.put("account_sid", accountSid);
        out.put("to", to);
        out.put("channel", "sms");
        out.put("status", status);
        out.put("valid", valid);
        out.put("date_created", now);
        out.put("date_updated", now);
        return out;
    }

    /** Twilio's wording for the codes tests inject; like Twilio's, some quote the number. */
    private static String messageFor(int code, String to) {
        return switch (code) {
            case 21211 -> "Invalid 'To' Phone Number: " + to;
            case 21408 -> "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: " + to;
            case 21610 -> "Attempt to send to unsubscribed recipient";
            case 21614 -> "'To' number " + to + " is not a valid mobile number";
            case 60205 -> "SMS is not supported by landline phone number";
            case 60410 -> "Verification delivery attempt blocked";
            case 60605 -> "Verification delivery attempt blocked by Geo-Permissions";
            case 20003 -> "Authenticate";
            case 20429 -> "Too Many Requests";
            default -> "Error " + code + " for " + to;
        };
    }

    private static Answer error(int status, int code, String message) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("code", code);
        out.put("message", message);
        out.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        out.put("status", status);
        return new Answer(status, out.toString());
    }

    private static String sid(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }
}
