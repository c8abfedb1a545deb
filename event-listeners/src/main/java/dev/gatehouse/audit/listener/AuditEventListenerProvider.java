package dev.gatehouse.audit.listener;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.view.DetailsText;
import dev.gatehouse.audit.store.AuditStore;
import dev.gatehouse.spi.AuditableEvent;

/**
 * Writes each user and admin event as an unsealed audit record, in the transaction that carries the event:
 * committed work is recorded, rolled-back work is not. Keycloak stores error events in a transaction of their
 * own (EventBuilder.error), so failed logins are recorded too.
 */
public class AuditEventListenerProvider implements EventListenerProvider {

    private final KeycloakSession session;
    private final String node;
    private final AuditMetrics metrics;

    public AuditEventListenerProvider(KeycloakSession session, String node, AuditMetrics metrics) {
        this.session = session;
        this.node = node;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "user");
        r.put("id", event.getId());
        r.put("time", event.getTime());
        r.put("realm", event.getRealmId());
        r.put("type", event.getType() == null ? null : event.getType().name());
        r.put("error", event.getError());
        r.put("user", event.getUserId());
        r.put("client", event.getClientId());
        r.put("session", event.getSessionId());
        r.put("ip", event.getIpAddress());
        r.put("details", event.getDetails() == null ? Map.of() : new TreeMap<>(event.getDetails()));
        store(r);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        Map<String, Object> r = new LinkedHashMap<>();
        AuthDetails auth = event.getAuthDetails();
        r.put("kind", "admin");
        r.put("id", event.getId());
        r.put("time", event.getTime());
        r.put("realm", event.getRealmId());
        r.put("operation", event.getOperationType() == null ? null : event.getOperationType().name());
        r.put("resourceType", event.getResourceTypeAsString());
        r.put("resourcePath", event.getResourcePath());
        r.put("error", event.getError());
        r.put("authRealm", auth == null ? null : auth.getRealmId());
        r.put("authClient", auth == null ? null : auth.getClientId());
        r.put("authUser", auth == null ? null : auth.getUserId());
        r.put("ip", auth == null ? null : auth.getIpAddress());
        // A hash proves what was sent without keeping secrets the representation may hold (client secrets, passwords).
        r.put("representationSha256", event.getRepresentation() == null ? null : sha256(event.getRepresentation()));
        store(r);
    }

    /** A pack module's own event (e.g. a vault fetch); recorded with kind "system". */
    void onAuditable(AuditableEvent event) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "system");
        r.put("id", UUID.randomUUID().toString());
        r.put("time", System.currentTimeMillis());
        r.put("realm", event.realmId());
        r.put("type", event.type());
        r.put("error", event.error());
        r.put("details", new TreeMap<>(event.details()));
        store(r);
    }

    private void store(Map<String, Object> fields) {
        fields.put("node", node);
        fields.put("correlationId", CorrelationId.of(session));
        AuditRecordEntity e = new AuditRecordEntity();
        e.setRealmId((String) fields.get("realm"));
        e.setCreated((Long) fields.get("time"));
        e.setKind((String) fields.get("kind"));
        boolean admin = fields.get("kind").equals("admin");
        e.setType(clip(admin ? fields.get("operation") : fields.get("type"), 64));
        e.setError(clip(fields.get("error"), 255));
        e.setUserId(clip(admin ? fields.get("authUser") : fields.get("user"), 255));
        e.setClientId(clip(admin ? fields.get("authClient") : fields.get("client"), 255));
        e.setIp(clip(fields.get("ip"), 255));
        e.setSessionId(clip(fields.get("session"), 255));
        e.setCorrelationId(clip(fields.get("correlationId"), 255));
        e.setDetailsText(DetailsText.of((Map<?, ?>) fields.get("details"), fields.get("resourceType"), fields.get("resourcePath")));
        e.setPayload(new String(CanonicalJson.encode(fields), StandardCharsets.UTF_8));
        new AuditStore(session).append(e);
        // Counted once the record is committed: a rolled-back request appended nothing.
        AfterCommit.run(session, () -> metrics.appended(e.getKind(), e.getError() == null));
    }

    private static String clip(Object value, int max) {
        String s = value == null ? null : value.toString();
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
