package dev.gatehouse.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Raw calls to Keycloak's admin REST API, for what {@link KeycloakNode#adminClient()} (Keycloak's typed admin
 * client) doesn't do: the pack's own endpoints (audit REST under /admin/realms/{realm}/gatehouse-audit) and
 * assertions on the exact status and body of bad input. Everything Keycloak itself serves goes through the
 * admin client.
 */
public final class AdminApi {

    private final String baseUrl;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code token} gives a current admin access token, e.g. the admin client's token manager. */
    public AdminApi(String baseUrl, Supplier<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** GET /admin/realms/... and parse; fails on anything but 200. */
    public JsonNode get(String path) {
        HttpResponse<String> r = call("GET", path, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.parse(r.body());
    }

    /**
     * Any method with an optional body, sent as JSON: a String or byte[] as it is (e.g. malformed on purpose),
     * anything else serialized. Returns the raw response for status assertions.
     */
    public HttpResponse<String> call(String method, String path, Object body) {
        return call(method, path, body, java.util.Map.of());
    }

    /** As {@link #call(String, String, Object)}, with extra request headers. */
    public HttpResponse<String> call(String method, String path, Object body, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .header("Authorization", "Bearer " + token.get())
                .timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            HttpRequest.BodyPublisher publisher = body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body));
            b.header("Content-Type", "application/json").method(method, publisher);
        }
        return send(b);
    }

    /** @deprecated use {@link Accounts#id} with {@link KeycloakNode#adminClient()}; kept until its last callers move. */
    @Deprecated
    public String userId(String realm, String username) {
        JsonNode users = get("/realms/" + realm + "/users?exact=true&username=" + enc(username));
        if (users.isEmpty()) {
            throw new IllegalStateException("no user " + username + " in " + realm);
        }
        return users.get(0).get("id").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
