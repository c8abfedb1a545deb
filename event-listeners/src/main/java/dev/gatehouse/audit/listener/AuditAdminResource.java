package dev.gatehouse.audit.listener;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.audit.AuditLines;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.MiniJson;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.store.AuditRecordEntity;

/**
 * /admin/realms/{realm}/gatehouse-audit: query, export, checkpoints and key for admins who may view events;
 * verify for admins who may manage them (it reads the whole log).
 */
public class AuditAdminResource {

    private static final Logger LOG = Logger.getLogger(AuditAdminResource.class);
    static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    AuditAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /**
     * Records, newest first, sealed or not yet. Filters: user (user id; for admin records the acting admin),
     * client, type (event type or admin operation), outcome (success|error), ip, from/to (epoch millis, an
     * ISO-8601 instant or a date), first/max.
     */
    @GET
    @Path("records")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> records(@QueryParam("user") String user, @QueryParam("client") String client,
                                             @QueryParam("type") String type, @QueryParam("outcome") String outcome,
                                             @QueryParam("ip") String ip, @QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("first") @DefaultValue("0") int first,
                                             @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw ErrorResponse.error("first must be >= 0 and max between 1 and " + MAX_PAGE, Response.Status.BAD_REQUEST);
        }
        StringBuilder jpql = new StringBuilder("select r from AuditRecordEntity r where r.realmId = :realmId");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("realmId", realm.getId());
        filter(jpql, params, "userId", user);
        filter(jpql, params, "clientId", client);
        filter(jpql, params, "type", type);
        filter(jpql, params, "ip", ip);
        if (outcome != null && !outcome.isBlank()) {
            switch (outcome) {
                case "success" -> jpql.append(" and r.error is null");
                case "error" -> jpql.append(" and r.error is not null");
                default -> throw ErrorResponse.error("outcome must be success or error", Response.Status.BAD_REQUEST);
            }
        }
        if (from != null && !from.isBlank()) {
            jpql.append(" and r.created >= :from");
            params.put("from", time("from", from));
        }
        if (to != null && !to.isBlank()) {
            jpql.append(" and r.created <= :to");
            params.put("to", time("to", to));
        }
        jpql.append(" order by r.created desc, r.id desc");
        TypedQuery<AuditRecordEntity> q = em().createQuery(jpql.toString(), AuditRecordEntity.class);
        params.forEach(q::setParameter);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditRecordEntity r : q.setFirstResult(first).setMaxResults(max).getResultList()) {
            out.add(view(r));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(AuditRecordEntity r) {
        if (r.getLine() == null && r.getPayload() == null) {
            Map<String, Object> pruned = new LinkedHashMap<>();
            pruned.put("seq", r.getSeq());
            pruned.put("time", r.getCreated());
            pruned.put("pruned", true);
            return pruned;
        }
        Map<String, Object> v = new LinkedHashMap<>((Map<String, Object>) MiniJson.parse(r.getLine() != null ? r.getLine() : r.getPayload()));
        v.putIfAbsent("seq", null); // null: not sealed yet
        return v;
    }

    private static void filter(StringBuilder jpql, Map<String, Object> params, String field, String value) {
        if (value != null && !value.isBlank()) {
            jpql.append(" and r.").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }

    static long time(String name, String value) {
        try {
            if (value.matches("\\d{1,15}")) {
                return Long.parseLong(value);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ErrorResponse.error(name + " must be epoch milliseconds, an ISO-8601 instant or a date (YYYY-MM-DD)",
                    Response.Status.BAD_REQUEST);
        }
    }

    /**
     * The sealed records, streamed: JSON Lines by default (each line is the exact bytes whose leaf hash the tree
     * holds), or CSV with {@code format=csv}. Fetch the checkpoints first, then the export, and the export always
     * reaches as far as the newest checkpoint.
     */
    @GET
    @Path("export")
    public Response export(@QueryParam("format") @DefaultValue("jsonl") String format) {
        auth.realm().requireViewEvents();
        boolean csv = switch (format) {
            case "jsonl" -> false;
            case "csv" -> true;
            default -> throw ErrorResponse.error("format must be jsonl or csv", Response.Status.BAD_REQUEST);
        };
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StreamingOutput body = output -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                w.write(AuditLines.csvHeader());
            }
            // A session of its own: the stream outlives the resource method, and pages are cleared as they go.
            KeycloakModelUtils.runJobInTransaction(factory, s -> AuditReader.forEachLine(em(s), realmId, line -> {
                try {
                    w.write(csv ? AuditLines.csvRow(line) : line + "\n");
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            w.flush();
        };
        String file = "audit-" + realm.getName() + (csv ? ".csv" : ".jsonl");
        return Response.ok(body, csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    /** Every checkpoint, oldest first, as signed notes one after another. */
    @GET
    @Path("checkpoints")
    @Produces("text/plain; charset=utf-8")
    public String checkpoints() {
        auth.realm().requireViewEvents();
        return String.join("", AuditReader.checkpoints(em(), realm.getId()));
    }

    /** The signed-note verifier key of the checkpoints. */
    @GET
    @Path("public-key")
    @Produces("text/plain; charset=utf-8")
    public Response publicKey() {
        auth.realm().requireViewEvents();
        String key = factory().verifierKey();
        if (key == null) {
            return ErrorResponse.error(factory().signed() ? "the signing key is configured but not resolved yet"
                    : "checkpoints are not signed: no signing key configured", Response.Status.NOT_FOUND).getResponse();
        }
        return Response.ok(key + "\n").build();
    }

    /**
     * Verifies the realm's whole log in the database as the offline verifier would. Optional body
     * {@code {"trustedCheckpoint": "<signed note>"}}: a checkpoint the caller accepted before, to catch a
     * database restored to an older state.
     */
    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> verify(Map<String, String> body) {
        auth.realm().requireManageEvents();
        AuditEventListenerProviderFactory f = factory();
        SignedNote.Verifier key = f.verifierKey() == null ? null : SignedNote.Verifier.parse(f.verifierKey());
        if (key == null && f.signed()) {
            throw ErrorResponse.error("the signing key is configured but not resolved yet", Response.Status.SERVICE_UNAVAILABLE);
        }
        ExportVerifier.Accepted trusted = null;
        String trustedNote = body == null ? null : body.get("trustedCheckpoint");
        if (trustedNote != null && !trustedNote.isBlank()) {
            try {
                var c = dev.gatehouse.audit.Checkpoint.parse(key == null ? trustedNote : key.open(trustedNote));
                trusted = new ExportVerifier.Accepted(c.size(), c.root());
            } catch (SecurityException | IllegalArgumentException e) {
                throw ErrorResponse.error("trustedCheckpoint is not a checkpoint signed by this log's key", Response.Status.BAD_REQUEST);
            }
        }
        String realmId = realm.getId();
        ExportVerifier.Accepted since = trusted;
        ExportVerifier.Result result = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            ExportVerifier v = new ExportVerifier(AuditReader.checkpoints(em(s), realmId), key, since);
            AuditReader.forEachLine(em(s), realmId, v::accept);
            return v.finish();
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.ok() ? "ok" : "failed");
        out.put("signed", key != null);
        out.put("recordsChecked", result.recordsChecked());
        if (!result.ok()) {
            String kind = result.failure().name().toLowerCase();
            f.metrics().verificationFailed(kind);
            LOG.warnf("gatehouse-audit: verification of realm %s failed: %s", realm.getName(), result);
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("kind", kind);
            failure.put("record", result.record());
            failure.put("detail", result.detail());
            out.put("failure", failure);
        }
        return out;
    }

    private AuditEventListenerProviderFactory factory() {
        return (AuditEventListenerProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, AuditEventListenerProviderFactory.PROVIDER_ID);
    }

    private EntityManager em() {
        return em(session);
    }

    private static EntityManager em(KeycloakSession s) {
        return s.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
