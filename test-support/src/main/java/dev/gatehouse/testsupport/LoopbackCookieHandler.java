package dev.gatehouse.testsupport;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * A cookie jar that treats http://localhost as a secure context, as browsers do. Keycloak marks its cookies
 * Secure (SameSite=None); java.net.CookieManager alone would never send them back over plain HTTP.
 */
final class LoopbackCookieHandler extends CookieHandler {

    private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    /** The jar itself, for tests that read or plant cookies. */
    CookieStore store() {
        return delegate.getCookieStore();
    }

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return delegate.get(isLoopbackHttp(uri) ? asHttps(uri) : uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        delegate.put(uri, responseHeaders);
    }

    private static boolean isLoopbackHttp(URI uri) {
        String host = uri.getHost();
        return "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host));
    }

    private static URI asHttps(URI uri) {
        try {
            return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
