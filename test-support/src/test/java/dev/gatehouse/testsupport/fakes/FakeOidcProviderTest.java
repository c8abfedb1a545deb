package dev.gatehouse.testsupport.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOidcProviderTest {

    static final String REDIRECT = "http://127.0.0.1:1/broker/endpoint";

    final HttpClient http = HttpClient.newHttpClient();
    final FakeOidcProvider upstream = new FakeOidcProvider("gatehouse", "s3cret")
            .signInAs(new FakeOidcProvider.User("u-1", "ada@example.org", true, "Ada Lovelace"));

    @AfterEach
    void close() {
        upstream.close();
    }

    @Test
    void signsAnIdTokenWithAmrAndTheNonceThatTheJwksVerifies() throws Exception {
        upstream.amr("pwd", "mfa").acr("urn:example:mfa");
        JsonNode discovery = get(upstream.issuer() + "/.well-known/openid-configuration", null);
        assertEquals(upstream.issuer(), discovery.get("issuer").asText());

        String code = authorize(discovery.get("authorization_endpoint").asText(), "n-42");
        HttpResponse<String> token = post(discovery.get("token_endpoint").asText(),
                "grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT + "&client_id=gatehouse&client_secret=s3cret", null);
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("client_secret_post", upstream.lastClientAuth());
        String idToken = Json.parse(token.body()).get("id_token").asText();

        JsonNode key = get(discovery.get("jwks_uri").asText(), null).get("keys").get(0);
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText()))));
        String[] parts = idToken.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(pub);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "RS256 signature verifies with the JWKS key");

        JsonNode claims = Json.claims(idToken);
        assertEquals("n-42", claims.get("nonce").asText());
        assertEquals("u-1", claims.get("sub").asText());
        assertEquals("gatehouse", claims.get("aud").asText());
        assertEquals("mfa", claims.get("amr").get(1).asText());
        assertEquals("urn:example:mfa", claims.get("acr").asText());

        String access = Json.parse(token.body()).get("access_token").asText();
        assertEquals("ada@example.org", get(upstream.issuer() + "/userinfo", access).get("email").asText());
    }

    @Test
    void refusesAWrongSecretAndAReusedCode() throws Exception {
        String basicWrong = Base64.getEncoder().encodeToString("gatehouse:wrong".getBytes(StandardCharsets.UTF_8));
        String code = authorize(upstream.issuer() + "/authorize", null);
        assertEquals(401, post(upstream.issuer() + "/token", "grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT,
                "Basic " + basicWrong).statusCode());
        String basic = Base64.getEncoder().encodeToString("gatehouse:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = post(upstream.issuer() + "/token", "grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT, "Basic " + basic);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("client_secret_basic", upstream.lastClientAuth());
        assertFalse(Json.claims(Json.parse(ok.body()).get("id_token").asText()).has("amr"), "no amr unless set, as Google sends none");
        assertEquals(400, post(upstream.issuer() + "/token", "grant_type=authorization_code&code=" + code + "&redirect_uri=" + REDIRECT,
                "Basic " + basic).statusCode(), "a code is single use");
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(upstream.issuer() + "/userinfo")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void speaksGitHubsDialect() throws Exception {
        String code = authorize(upstream.issuer() + "/login/oauth/authorize", null);
        HttpResponse<String> token = post(upstream.issuer() + "/login/oauth/access_token",
                "code=" + code + "&redirect_uri=" + REDIRECT + "&client_id=gatehouse&client_secret=s3cret", null);
        assertEquals(200, token.statusCode(), token.body());
        Map<String, String> form = FakeOidcProvider.form(token.body());
        JsonNode emails = get(upstream.issuer() + "/user/emails", form.get("access_token"));
        assertEquals("ada@example.org", emails.get(0).get("email").asText());
        assertEquals("u-1", get(upstream.issuer() + "/user", form.get("access_token")).get("login").asText());
    }

    private String authorize(String endpoint, String nonce) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint + "?response_type=code&client_id=gatehouse&state=st&redirect_uri="
                + REDIRECT + (nonce == null ? "" : "&nonce=" + nonce))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code=") && location.endsWith("&state=st"), location);
        return FakeOidcProvider.form(URI.create(location).getRawQuery()).get("code");
    }

    private HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }
}
