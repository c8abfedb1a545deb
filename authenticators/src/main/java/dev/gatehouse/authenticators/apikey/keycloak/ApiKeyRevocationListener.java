package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keeps the table and the audit log honest when a key's credential is removed in a console: the account console's
 * REMOVE_CREDENTIAL user event and the admin console's removal of {@code users/{id}/credentials/{cid}} mark the
 * owner's keys without credential revoked ({@link ApiKeys#credentialsRemoved}), with who did it. The key already
 * stopped working with the removal (each use checks the credential); this only records it.
 */
public class ApiKeyRevocationListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(ApiKeyRevocationListener.class);
    private static final Pattern CREDENTIAL_PATH = Pattern.compile("users/([^/]+)/credentials/[^/]+");

    private final KeycloakSession session;

    public ApiKeyRevocationListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getType() != EventType.REMOVE_CREDENTIAL || event.getUserId() == null
                || event.getDetails() == null
                || !ApiKeyCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel owner = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        mark(realm, owner, owner);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // UserResource.removeCredential reports an ACTION on users/{id}/credentials/{cid} with the credential type.
        if (event.getError() != null || event.getResourceType() != ResourceType.USER || event.getResourcePath() == null
                || event.getOperationType() != OperationType.ACTION && event.getOperationType() != OperationType.DELETE
                || event.getDetails() != null && event.getDetails().get(Details.CREDENTIAL_TYPE) != null
                && !ApiKeyCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        Matcher m = CREDENTIAL_PATH.matcher(event.getResourcePath());
        if (!m.matches()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel owner = realm == null ? null : session.users().getUserById(realm, m.group(1));
        mark(realm, owner, actor(event));
    }

    private void mark(RealmModel realm, UserModel owner, UserModel actor) {
        if (owner == null) {
            return;
        }
        try {
            ApiKeys.of(session).credentialsRemoved(realm, owner, actor);
        } catch (RuntimeException e) {
            // The key is refused anyway (its credential is gone); it is marked at its next use or listing.
            LOG.warnf("API keys of a removed credential not marked revoked in realm %s: %s", realm.getName(),
                    e.getClass().getSimpleName());
        }
    }

    private UserModel actor(AdminEvent event) {
        if (event.getAuthDetails() == null || event.getAuthDetails().getUserId() == null) {
            return null;
        }
        RealmModel adminRealm = session.realms().getRealm(event.getAuthDetails().getRealmId());
        return adminRealm == null ? null : session.users().getUserById(adminRealm, event.getAuthDetails().getUserId());
    }

    @Override
    public void close() {
    }
}
