package dev.gatehouse.authenticators.trust.keycloak;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.emailcode.EmailCodeSetupActionFactory;
import dev.gatehouse.authenticators.sms.keycloak.SmsCodeSetupActionFactory;
import dev.gatehouse.authenticators.trust.TrustReason;

/**
 * Ends trusts when what they were granted under changes: a user event or admin event that can change a user's
 * password or second factors, or disable the user, brings the user's trusted browsers in line: all of them go for
 * a disabled user, else those whose factors fingerprint no longer matches. It acts on the user's state after the
 * change rather than on the event's details, so an event it doesn't know the details of can't slip through, and an
 * event that changed nothing (a renamed credential, one trusted browser removed) revokes nothing. The condition
 * checks the fingerprint again at use, for changes no event reports (a database edit, a user federation).
 */
public class TrustRevocationListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(TrustRevocationListener.class);

    private static final Set<EventType> USER_EVENTS = Set.of(EventType.UPDATE_PASSWORD, EventType.RESET_PASSWORD,
            EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL, EventType.UPDATE_TOTP, EventType.REMOVE_TOTP,
            EventType.CUSTOM_REQUIRED_ACTION, EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT);

    private static final Set<String> SETUP_ACTIONS = Set.of(EmailCodeSetupActionFactory.PROVIDER_ID,
            SmsCodeSetupActionFactory.PROVIDER_ID);

    /** users/{id}, users/{id}/reset-password, users/{id}/credentials/{cid}, users/{id}/disable-credential-types… */
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)(/.*)?");

    private final KeycloakSession session;

    public TrustRevocationListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        try {
            if (event.getError() != null || !USER_EVENTS.contains(event.getType()) || event.getUserId() == null) {
                return;
            }
            String credentialType = event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE);
            if (TrustedDeviceCredentialModel.TYPE.equals(credentialType)) {
                return; // our own events, or one trusted browser removed: the others stay
            }
            if (event.getType() == EventType.CUSTOM_REQUIRED_ACTION && (event.getDetails() == null
                    || !SETUP_ACTIONS.contains(event.getDetails().get(Details.CUSTOM_REQUIRED_ACTION)))) {
                return;
            }
            reconcile(event.getRealmId(), event.getUserId());
        } catch (RuntimeException e) {
            LOG.warnf("Trusted browsers not reconciled after %s in realm id %s: %s", event.getType(), event.getRealmId(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        try {
            if (event.getError() != null || event.getResourceType() != ResourceType.USER || event.getResourcePath() == null) {
                return;
            }
            Matcher m = USER_PATH.matcher(event.getResourcePath());
            if (m.matches()) {
                reconcile(event.getRealmId(), m.group(1));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Trusted browsers not reconciled after an admin %s in realm id %s: %s", event.getOperationType(),
                    event.getRealmId(), e.getClass().getSimpleName());
        }
    }

    private void reconcile(String realmId, String userId) {
        RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return; // a deleted user's credentials went with it
        }
        if (user.credentialManager().getStoredCredentialsByTypeStream(TrustedDeviceCredentialModel.TYPE).findAny().isEmpty()) {
            return;
        }
        ClientConnection connection = session.getContext().getConnection();
        EventBuilder base = connection == null ? new EventBuilder(realm, session) : new EventBuilder(realm, session, connection);
        TrustedDevices devices = new TrustedDevices(session, realm, user, new TrustEvents(base, user));
        if (!user.isEnabled()) {
            devices.revokeAll(TrustReason.USER_DISABLED);
        } else {
            devices.revokeChanged();
        }
    }

    @Override
    public void close() {
        // no resources
    }
}
