package dev.gatehouse.authenticators.trust.keycloak;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.gatehouse.authenticators.trust.DeviceLimit;
import dev.gatehouse.authenticators.trust.DeviceRecord;
import dev.gatehouse.authenticators.trust.Fingerprint;
import dev.gatehouse.authenticators.trust.TrustCookie;
import dev.gatehouse.authenticators.trust.TrustHash;
import dev.gatehouse.authenticators.trust.TrustReason;

/**
 * One user's trusted browsers: the only door through which Gatehouse reads, creates, rotates and deletes them
 * (each is a credential of type {@code gatehouse-trusted-device}). Hashes are keyed with the realm's HMAC key
 * (HS512 signing key): the database alone doesn't let anyone check a guessed secret, and a rotated-out key ends
 * the trusts made with it.
 */
public final class TrustedDevices {

    /** A stored device: its credential id and its record, or a null record when its data can't be read. */
    public record Device(String id, Long createdMillis, DeviceRecord record) {
    }

    /** What a new or rotated trust gives the browser. */
    public record Issued(String deviceId, TrustCookie cookie, Instant expires) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final TrustEvents events;

    public TrustedDevices(KeycloakSession session, RealmModel realm, UserModel user, TrustEvents events) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.events = events;
    }

    public List<Device> list() {
        return user.credentialManager().getStoredCredentialsByTypeStream(TrustedDeviceCredentialModel.TYPE)
                .map(TrustedDevices::device).toList();
    }

    /** The user's own device of this id, or null ({@code getStoredCredentialById} returns only this user's). */
    public Device read(String deviceId) {
        CredentialModel c = user.credentialManager().getStoredCredentialById(deviceId);
        return c == null || !TrustedDeviceCredentialModel.TYPE.equals(c.getType()) ? null : device(c);
    }

    private static Device device(CredentialModel c) {
        DeviceRecord record;
        try {
            record = TrustedDeviceCredentialModel.from(c).record();
        } catch (IllegalArgumentException e) {
            record = null;
        }
        return new Device(c.getId(), c.getCreatedDate(), record);
    }

    /** The user's password and second factors now, as {@link Fingerprint}. */
    public String fingerprint() {
        return Fingerprint.of(user.credentialManager().getStoredCredentialsStream()
                .filter(c -> !TrustedDeviceCredentialModel.TYPE.equals(c.getType()))
                .map(c -> Fingerprint.entry(c.getId(), c.getType(), c.getCreatedDate()))
                .toList());
    }

    /**
     * Trusts this browser: first removes the oldest devices over {@code maxDevices} (event revoked, reason limit),
     * then stores the new one. Returns null when the realm has no active HMAC key to hash with.
     *
     * @param name            the readable name ("Chrome on Linux")
     * @param userAgentFamily the family to bind to, or null
     * @param network         the network prefix to bind to, or null
     */
    public Issued add(String name, Instant expires, int maxDevices, String userAgentFamily, String network,
                      SecureRandom random, Instant now) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            return null;
        }
        List<DeviceLimit.Device> existing = new ArrayList<>();
        for (Device d : list()) {
            existing.add(new DeviceLimit.Device(d.id(), Instant.ofEpochMilli(d.createdMillis() == null ? 0 : d.createdMillis())));
        }
        for (String id : DeviceLimit.evict(existing, maxDevices)) {
            revoke(id, TrustReason.LIMIT);
        }
        String deviceId = KeycloakModelUtils.generateId();
        TrustCookie cookie = new TrustCookie(realm.getId(), user.getId(), deviceId, TrustCookie.newSecret(random));
        byte[] hash = TrustHash.of(key.getSecretKey().getEncoded(), realm.getId(), user.getId(), deviceId, cookie.secret());
        DeviceRecord record = new DeviceRecord(name, now, expires, now, userAgentFamily, network, key.getKid(),
                fingerprint(), hash, null);
        TrustedDeviceCredentialModel model = TrustedDeviceCredentialModel.create(deviceId, record);
        model.setUserLabel(uniqueLabel(model.getUserLabel(), deviceId));
        user.credentialManager().createStoredCredential(model);
        events.trusted(deviceId, expires);
        return new Issued(deviceId, cookie, expires);
    }

    /**
     * The keyed hash of a presented secret for this device, with the key the device was hashed with; null when
     * that key no longer exists.
     */
    public byte[] hash(Device device, byte[] secret) {
        byte[] key = key(device.record().keyId());
        return key == null ? null : TrustHash.of(key, realm.getId(), user.getId(), device.id(), secret);
    }

    /** A honoured device's new secret: stored as the current hash, the old one kept as previous; events rotated. */
    public Issued rotate(Device device, SecureRandom random, Instant now) {
        TrustCookie cookie = new TrustCookie(realm.getId(), user.getId(), device.id(), TrustCookie.newSecret(random));
        byte[] newHash = hash(device, cookie.secret());
        if (newHash == null) {
            return null;
        }
        DeviceRecord rotated = device.record().rotated(newHash, now);
        CredentialModel stored = user.credentialManager().getStoredCredentialById(device.id());
        if (stored == null) {
            return null;
        }
        TrustedDeviceCredentialModel model = TrustedDeviceCredentialModel.from(stored);
        model.write(rotated);
        model.setUserLabel(uniqueLabel(model.getUserLabel(), device.id()));
        user.credentialManager().updateStoredCredential(model);
        events.rotated(device.id());
        return new Issued(device.id(), cookie, rotated.expires());
    }

    /** Deletes one device (event revoked with the reason); false when it was already gone. */
    public boolean revoke(String deviceId, TrustReason reason) {
        CredentialModel c = user.credentialManager().getStoredCredentialById(deviceId);
        if (c == null || !TrustedDeviceCredentialModel.TYPE.equals(c.getType())) {
            return false;
        }
        boolean removed = user.credentialManager().removeStoredCredentialById(deviceId);
        if (removed) {
            events.revoked(deviceId, reason);
        }
        return removed;
    }

    /** Deletes all the user's devices; returns how many. */
    public int revokeAll(TrustReason reason) {
        int n = 0;
        for (Device d : list()) {
            n += revoke(d.id(), reason) ? 1 : 0;
        }
        return n;
    }

    /**
     * Deletes the devices trusted under other factors than the user has now (reason factors-changed), and those
     * whose data can't be read; returns how many.
     */
    public int revokeChanged() {
        List<Device> devices = list();
        if (devices.isEmpty()) {
            return 0;
        }
        String now = fingerprint();
        int n = 0;
        for (Device d : devices) {
            if (d.record() == null || !now.equals(d.record().factors())) {
                n += revoke(d.id(), TrustReason.FACTORS_CHANGED) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * The label, with " (2)", " (3)"… when another of the user's devices has it: Keycloak refuses two credentials of
     * one type and user with the same label (ignoring case), and two browsers of one kind trusted on one day would
     * otherwise share "Chrome on Linux · used … · until …".
     */
    private String uniqueLabel(String label, String selfId) {
        Set<String> taken = new HashSet<>();
        user.credentialManager().getStoredCredentialsByTypeStream(TrustedDeviceCredentialModel.TYPE)
                .filter(c -> !c.getId().equals(selfId) && c.getUserLabel() != null)
                .forEach(c -> taken.add(c.getUserLabel().trim().toLowerCase(Locale.ROOT)));
        String candidate = label;
        for (int n = 2; taken.contains(candidate.trim().toLowerCase(Locale.ROOT)); n++) {
            candidate = label + " (" + n + ")";
        }
        return candidate;
    }

    private byte[] key(String kid) {
        if (kid == null) {
            return null;
        }
        KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.SIG, Algorithm.HS512);
        return key == null || key.getSecretKey() == null ? null : key.getSecretKey().getEncoded();
    }
}
