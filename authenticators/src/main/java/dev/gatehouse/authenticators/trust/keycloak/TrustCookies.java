package dev.gatehouse.authenticators.trust.keycloak;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.utils.SecureContextResolver;

import dev.gatehouse.authenticators.trust.TrustCookie;

/**
 * Reads and writes a user's trust cookie through Keycloak's request and response, with the attributes of
 * Keycloak's own cookies: Path of the realm (so a relative path such as /auth is kept), HttpOnly, Secure in a
 * secure context (https, or localhost as browsers count it), SameSite=Lax so it travels on the top-level
 * navigation that starts a sign-in from another site. The value is never logged.
 */
public final class TrustCookies {

    private final KeycloakSession session;
    private final RealmModel realm;

    public TrustCookies(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The raw value of this user's trust cookie, or null. */
    public String read(UserModel user) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(TrustCookie.name(realm.getId(), user.getId()));
        return cookie == null ? null : cookie.getValue();
    }

    /** Sets the cookie until the trust expires. */
    public void write(TrustCookie cookie, Instant expires, Instant now) {
        long seconds = Math.max(1, Duration.between(now, expires).getSeconds());
        set(TrustCookie.name(cookie.realmId(), cookie.userId()), cookie.encode(), (int) Math.min(Integer.MAX_VALUE, seconds));
    }

    /** Tells the browser to drop this user's cookie, if it sent one. */
    public void expire(UserModel user) {
        if (read(user) != null) {
            set(TrustCookie.name(realm.getId(), user.getId()), "", 0);
        }
    }

    private void set(String name, String value, int maxAge) {
        NewCookie cookie = new NewCookie.Builder(name)
                .value(value)
                .path(AuthenticationManager.getRealmCookiePath(realm, session.getContext().getUri()))
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(SecureContextResolver.isSecureContext(session))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
    }
}
