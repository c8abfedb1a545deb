package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.rar.AuthorizationRequestContext;

/**
 * Keycloak's client session context of an API key exchange, narrowed to the key: the roles it hands to the token
 * (and so to every role mapper, audience resolution included, through {@code RoleResolveUtil}) are the client's
 * usual ones intersected with the key's effective roles, and the token's {@code scope} is the key's client scopes
 * the client has. Never an offline token. Everything else is Keycloak's own.
 */
final class KeyScopedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final Set<String> keyRoleIds;
    private final String scope;

    /**
     * @param keyRoles the key's effective roles with their composites expanded
     * @param scope the token's scope claim, space-separated
     */
    KeyScopedClientSessionContext(ClientSessionContext delegate, Set<RoleModel> keyRoles, String scope) {
        this.delegate = delegate;
        this.keyRoleIds = keyRoles.stream().map(RoleModel::getId).collect(Collectors.toSet());
        this.scope = scope;
    }

    @Override
    public Stream<RoleModel> getRolesStream() {
        return delegate.getRolesStream().filter(r -> keyRoleIds.contains(r.getId()));
    }

    @Override
    public String getScopeString() {
        return scope;
    }

    @Override
    public String getScopeString(boolean ignoreIncludeInTokenScope) {
        return scope;
    }

    @Override
    public boolean isOfflineTokenRequested() {
        return false;
    }

    @Override
    public AuthenticatedClientSessionModel getClientSession() {
        return delegate.getClientSession();
    }

    @Override
    public Set<String> getClientScopeIds() {
        return delegate.getClientScopeIds();
    }

    @Override
    public Stream<ClientScopeModel> getClientScopesStream() {
        return delegate.getClientScopesStream();
    }

    @Override
    public Stream<ProtocolMapperModel> getProtocolMappersStream() {
        return delegate.getProtocolMappersStream();
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public <T> T getAttribute(String attribute, Class<T> clazz) {
        return delegate.getAttribute(attribute, clazz);
    }

    @Override
    public AuthorizationRequestContext getAuthorizationRequestContext() {
        return delegate.getAuthorizationRequestContext();
    }
}
