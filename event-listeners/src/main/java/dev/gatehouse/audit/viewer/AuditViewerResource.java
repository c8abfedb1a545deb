package dev.gatehouse.audit.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;

/**
 * /realms/{realm}/gatehouse-audit-viewer/: the audit viewer, a static page (HTML, one script, one style sheet,
 * nothing from elsewhere) that signs in with authorization code + PKCE as the public client
 * {@code gatehouse-audit-viewer} and calls the admin REST with the token it holds in memory only. The server
 * side serves three fixed files; all access control is the admin REST's (view-events).
 */
public class AuditViewerResource {

    private final KeycloakSession session;

    AuditViewerResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Only our own script, style sheet and same-origin fetches (token endpoint, admin REST); no inline code, no
     * framing, no plugins, no form posts: an injected string can't run even if escaping ever failed.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "viewer.js", "text/javascript; charset=utf-8",
            "viewer.css", "text/css; charset=utf-8");

    @GET
    public Response page(@Context UriInfo uri) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            // Relative script and style URLs, and the client's exact redirect URI, need the trailing slash.
            // Relative, so the Host header never chooses where the browser goes.
            return Response.status(Response.Status.SEE_OTHER).header("Location", AuditViewerProviderFactory.PROVIDER_ID + "/").build();
        }
        return file("index.html");
    }

    @GET
    @Path("{file}")
    public Response asset(@PathParam("file") String name) {
        if (name.equals("index.html") || !FILES.containsKey(name)) {
            return Response.status(Response.Status.NOT_FOUND).type("text/plain; charset=utf-8").entity("not found\n").build();
        }
        return file(name);
    }

    private Response file(String name) {
        byte[] body;
        try (InputStream in = AuditViewerResource.class.getResourceAsStream("/gatehouse-audit-viewer/" + name)) {
            if (in == null) {
                throw new IllegalStateException("gatehouse-audit-viewer: missing " + name + " in the provider jar");
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Keycloak's security-headers filter would replace our CSP with the realm's (which allows inline styles and
        // framing by itself): skip it for these files and send the stricter set, with the realm's HSTS setting.
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        String hsts = session.getContext().getRealm().getBrowserSecurityHeaders()
                .getOrDefault(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getKey(), BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getDefaultValue());
        Response.ResponseBuilder ok = Response.ok(body, FILES.get(name));
        if (hsts != null && !hsts.isEmpty()) {
            ok.header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(), hsts);
        }
        return ok
                .header("Content-Security-Policy", CSP)
                .header("X-Robots-Tag", "none")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .build();
    }
}
