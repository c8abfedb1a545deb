package dev.gatehouse.authenticators.apikey.keycloak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.apikey.Refusal;
import dev.gatehouse.authenticators.ipbudget.AddressBlock;
import dev.gatehouse.authenticators.otp.keycloak.ReplicatedCounters;

/**
 * {@code /realms/{realm}/gatehouse-api-keys}: {@code validate} for gateways (nginx {@code auth_request} and the
 * like) and {@code keys}, the account REST of a user's own keys.
 *
 * <p>The key comes only in a header ({@code Authorization: ApiKey <key>} or {@code X-API-Key}), never in the query:
 * URLs end up in access logs. The answer carries the key's owner and effective scopes in response headers, so a
 * gateway can pass them on without parsing a body; every answer is {@code no-store} and publishes one
 * {@value ApiKeyEvent#USE} event.
 */
public class ApiKeyResource {

    public static final String SCHEME = "ApiKey";
    public static final String KEY_HEADER = "X-API-Key";
    public static final String KEY_ID = "Gatehouse-Key-Id";
    public static final String OWNER_ID = "Gatehouse-Owner-Id";
    public static final String OWNER = "Gatehouse-Owner";
    public static final String CLIENT_ID = "Gatehouse-Client-Id";
    public static final String ROLES = "Gatehouse-Roles";
    public static final String SCOPES = "Gatehouse-Scopes";
    static final String THROTTLED_PREFIX = "gatehouse-apikey-throttled:";

    private final KeycloakSession session;

    public ApiKeyResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("validate")
    public Response validateGet() {
        return validate();
    }

    /** The same as GET, for gateways that forward the original method (the body is ignored). */
    @POST
    @Path("validate")
    public Response validatePost() {
        return validate();
    }

    @Path("keys")
    public AccountKeysResource keys() {
        return new AccountKeysResource(session);
    }

    private Response validate() {
        RealmModel realm = session.getContext().getRealm();
        // What Keycloak's own endpoints refuse, a realm resource must refuse itself: a disabled realm (an admin's
        // way to stop every credential at once) and plain http where the realm requires TLS (403, no event).
        Response guard = ManagedKeys.realmGuard(session, realm);
        if (guard != null) {
            return guard;
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        ApiKeys keys = ApiKeys.of(session);
        ApiKeys.UseContext use = ApiKeys.UseContext.validate(session.getContext().getConnection().getRemoteAddr(),
                headers::getHeaderString, values(query, "role"), values(query, "scope"));
        ApiKeys.Verdict verdict = keys.validate(realm, presentedKey(headers), use);
        if (recorded(realm, keys, verdict, use.address())) {
            keys.useEvent(realm, verdict, use).publish();
        }
        return verdict.ok() ? accepted(realm, verdict) : refused(realm, verdict);
    }

    /**
     * Whether the use gets its audit record: every use does, except that a throttled address is recorded once per
     * budget window rather than on each refused request (else the budget that spares the database a lookup would
     * still cost it an audit row per request, at the attacker's pace).
     */
    private boolean recorded(RealmModel realm, ApiKeys keys, ApiKeys.Verdict verdict, String address) {
        if (verdict.refusal() != Refusal.IP_THROTTLED) {
            return true;
        }
        long window = keys.settings(realm).ipFailureWindow().toSeconds();
        long index = Math.floorDiv(Time.currentTime(), window);
        return new ReplicatedCounters(session.singleUseObjects()).tryAcquire(THROTTLED_PREFIX + window + ":" + index + ":"
                + AddressBlock.key(realm.getId(), address), 1, Duration.ofSeconds(2 * window + 60));
    }

    /**
     * The key from {@code Authorization: ApiKey <key>} (scheme case-insensitive), else from {@code X-API-Key};
     * null when neither is there (then refused as malformed).
     */
    static String presentedKey(HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            for (String value : authorization) {
                String v = value == null ? "" : value.strip();
                int space = v.indexOf(' ');
                if (space > 0 && v.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME.toLowerCase(Locale.ROOT))) {
                    return v.substring(space + 1).strip();
                }
            }
        }
        String header = headers.getHeaderString(KEY_HEADER);
        return header == null ? null : header.strip();
    }

    private Response accepted(RealmModel realm, ApiKeys.Verdict v) {
        UserModel owner = v.owner();
        String link = owner.getServiceAccountClientLink();
        ClientModel client = link == null ? null : realm.getClientById(link);
        String clientId = client == null ? null : client.getClientId();
        Response.ResponseBuilder b = Response.ok(new Accepted(v.key().id(), owner.getId(), owner.getUsername(), clientId,
                        List.copyOf(v.roles()), List.copyOf(v.scopes())), MediaType.APPLICATION_JSON_TYPE)
                .header(KEY_ID, v.key().id())
                .header(OWNER_ID, owner.getId())
                .header(OWNER, headerValue(owner.getUsername()))
                .header(ROLES, headerValue(String.join(",", v.roles())))
                .header(SCOPES, headerValue(String.join(" ", v.scopes())));
        if (clientId != null) {
            b.header(CLIENT_ID, headerValue(clientId));
        }
        return noStore(b);
    }

    private static Response refused(RealmModel realm, ApiKeys.Verdict v) {
        Refusal r = v.refusal();
        Response.ResponseBuilder b = Response.status(r.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(r.code()));
        if (r.status() == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, SCHEME + " realm=\"" + headerValue(realm.getName()).replace("\"", "") + "\"");
        }
        if (v.retryAfter() > 0) {
            b.header(HttpHeaders.RETRY_AFTER, v.retryAfter());
        }
        return noStore(b);
    }

    private static Response noStore(Response.ResponseBuilder b) {
        return b.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    private static List<String> values(MultivaluedMap<String, String> query, String name) {
        List<String> v = query.get(name);
        return v == null ? List.of() : v.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /**
     * Names and role names are admin-chosen text; a header takes printable ASCII only, so anything else (a line
     * break above all) becomes '?'.
     */
    static String headerValue(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    /** The body of an acceptance: what the headers say, for callers that read bodies. */
    public record Accepted(String keyId, String ownerId, String owner, String clientId, List<String> roles,
                           List<String> scopes) {
    }

    /** The body of a refusal: {@code {"error": "<code>"}}. */
    public record ErrorBody(String error) {
    }
}
