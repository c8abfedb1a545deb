package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

/**
 * AWS STS's AssumeRoleWithWebIdentity (query protocol: a form POST, an XML answer), as IRSA and other web
 * identity setups call it: the web identity token must be the one the test wrote, and the answer is a session
 * credential (access key ASIA…, secret, session token) the next AWS call must be signed with.
 */
public final class FakeSts extends FakeHttpServer {

    public static final String ACCESS_KEY = "ASIAFAKESTSSESSION01";
    public static final String SESSION_TOKEN = "FwoGZXIvYXdzEFake+Session/Token==";

    private final String expectedToken;
    private final AtomicInteger calls = new AtomicInteger();

    public FakeSts(String expectedToken) {
        this.expectedToken = expectedToken;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : body(ex).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"AssumeRoleWithWebIdentity".equals(form.get("Action")) || !expectedToken.equals(form.get("WebIdentityToken"))) {
            send(ex, 400, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                    + "<Code>InvalidIdentityToken</Code><Message>Bad token</Message></Error><RequestId>1</RequestId></ErrorResponse>");
            return;
        }
        calls.incrementAndGet();
        send(ex, 200, "text/xml", "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>" + ACCESS_KEY + "</AccessKeyId>"
                + "<SecretAccessKey>fakeSecretFromSts</SecretAccessKey><SessionToken>" + SESSION_TOKEN + "</SessionToken>"
                + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>" + form.get("RoleArn") + "/" + form.get("RoleSessionName") + "</Arn>"
                + "<AssumedRoleId>AROAFAKE:" + form.get("RoleSessionName") + "</AssumedRoleId></AssumedRoleUser>"
                + "<SubjectFromWebIdentityToken>system:serviceaccount:keycloak:keycloak</SubjectFromWebIdentityToken>"
                + "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata>"
                + "</AssumeRoleWithWebIdentityResponse>");
    }
}
