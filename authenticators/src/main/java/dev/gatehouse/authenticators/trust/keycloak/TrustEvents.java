package dev.gatehouse.authenticators.trust.keycloak;

import java.time.Instant;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

import dev.gatehouse.authenticators.trust.TrustReason;

/**
 * The events of trusted browsers, each a clone of the request's event (so client, IP and session stay) with
 * {@code credential_type}, {@code gatehouse_trust} (what happened), {@code gatehouse_trust_device} and, where there
 * is one, {@code gatehouse_trust_reason}. No cookie value or hash is ever a detail.
 */
public final class TrustEvents {

    public static final String WHAT = "gatehouse_trust";
    public static final String DEVICE = "gatehouse_trust_device";
    public static final String REASON = "gatehouse_trust_reason";
    public static final String EXPIRES = "gatehouse_trust_expires";
    public static final String REJECTED_ERROR = "gatehouse_trust_rejected";

    private final EventBuilder base;
    private final UserModel user;

    public TrustEvents(EventBuilder base, UserModel user) {
        this.base = base;
        this.user = user;
    }

    public void trusted(String deviceId, Instant expires) {
        event(EventType.UPDATE_CREDENTIAL, "trusted", deviceId, null).detail(EXPIRES, expires.toString()).success();
    }

    public void used(String deviceId) {
        event(EventType.CUSTOM_REQUIRED_ACTION, "used", deviceId, null)
                .detail(Details.CUSTOM_REQUIRED_ACTION, TrustedDeviceCredentialModel.TYPE).success();
    }

    public void rotated(String deviceId) {
        event(EventType.UPDATE_CREDENTIAL, "rotated", deviceId, null).success();
    }

    public void revoked(String deviceId, TrustReason reason) {
        event(EventType.REMOVE_CREDENTIAL, "revoked", deviceId, reason).success();
    }

    /** @param deviceId the device the cookie named, or null when it named none that could be read */
    public void rejected(String deviceId, TrustReason reason) {
        event(EventType.CUSTOM_REQUIRED_ACTION_ERROR, "rejected", deviceId, reason)
                .detail(Details.CUSTOM_REQUIRED_ACTION, TrustedDeviceCredentialModel.TYPE).error(REJECTED_ERROR);
    }

    private EventBuilder event(EventType type, String what, String deviceId, TrustReason reason) {
        EventBuilder e = base.clone().event(type).user(user)
                .detail(Details.CREDENTIAL_TYPE, TrustedDeviceCredentialModel.TYPE)
                .detail(WHAT, what);
        if (deviceId != null) {
            e.detail(DEVICE, deviceId);
        }
        if (reason != null) {
            e.detail(REASON, reason.id());
        }
        return e;
    }
}
