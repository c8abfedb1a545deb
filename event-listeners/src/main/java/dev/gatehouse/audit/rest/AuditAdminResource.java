package dev.gatehouse.audit.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.AuditLines;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.TimeBound;
import dev.gatehouse.audit.alert.keycloak.AlertResource;
import dev.gatehouse.audit.delivery.keycloak.DeliveryResource;
import dev.gatehouse.audit.listener.AuditEventListenerProviderFactory;
import dev.gatehouse.audit.listener.AuditSystemEvent;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.store.AuditRecordQuery;
import dev.gatehouse.audit.store.AuditStore;

/**
 * /admin/realms/{realm}/gatehouse-audit: query, export, checkpoints and key for admins who may view events;
 * verify for admins who may manage them (it reads the whole log). HTTP only: the store reads, the verifier checks.
 */
public class AuditAdminResource {

    private static final Logger LOG = Logger.getLogger(AuditAdminResource.class);
    static final int MAX_PAGE = 1000;
    public static final String VERIFY_TYPE = "GATEHOUSE_AUDIT_VERIFY";
    public static final String VERIFY_FAILED = "verification_failed";

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
     * ISO-8601 instant or a date: from its first millisecond, to its last), first/max.
     */
    @GET
    @Path("records")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditRecordRepresentation> records(@QueryParam("user") String user, @QueryParam("client") String client,
                                                   @QueryParam("type") String type, @QueryParam("outcome") String outcome,
                                                   @QueryParam("ip") String ip, @QueryParam("from") String from, @QueryParam("to") String to,
                                                   @QueryParam("first") @DefaultValue("0") int first,
                                                   @QueryParam("max") @DefaultValue("100") int max) {
        auth.realm().requireViewEvents();
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw badRequest("first must be >= 0 and max between 1 and " + MAX_PAGE);
        }
        AuditRecordQuery query = new AuditStore(session).records(realm.getId());
        if (given(user)) {
            query.user(user);
        }
        if (given(client)) {
            query.client(client);
        }
        if (given(type)) {
            query.type(type);
        }
        if (given(ip)) {
            query.ip(ip);
        }
        if (given(outcome)) {
            query.outcome(switch (outcome) {
                case "success" -> AuditRecordQuery.Outcome.SUCCESS;
                case "error" -> AuditRecordQuery.Outcome.ERROR;
                default -> throw badRequest("outcome must be success or error");
            });
        }
        if (given(from)) {
            query.from(bound(TimeBound.FROM, from));
        }
        if (given(to)) {
            query.to(bound(TimeBound.TO, to));
        }
        return query.page(first, max).getResultList().stream().map(AuditAdminResource::representation).toList();
    }

    static AuditRecordRepresentation representation(AuditRecordEntity r) {
        if (r.getLine() == null && r.getPayload() == null) {
            AuditRecordRepresentation pruned = new AuditRecordRepresentation();
            pruned.seq = r.getSeq();
            pruned.time = r.getCreated();
            pruned.pruned = true;
            return pruned;
        }
        try {
            // The sealed line has seq and prev; an unsealed payload has neither, and seq stays null.
            return JsonSerialization.readValue(r.getLine() != null ? r.getLine() : r.getPayload(), AuditRecordRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static long bound(TimeBound bound, String value) {
        try {
            return bound.parse(value);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static RuntimeException badRequest(String message) {
        return ErrorResponse.error(message, Response.Status.BAD_REQUEST);
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
            default -> throw badRequest("format must be jsonl or csv");
        };
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StreamingOutput body = output -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                w.write(AuditLines.csvHeader());
            }
            // A session of its own: the stream outlives the resource method, and pages are cleared as they go.
            KeycloakModelUtils.runJobInTransaction(factory, s -> new AuditStore(s).forEachLine(realmId, line -> {
                try {
                    w.write(csv ? AuditLines.csvRow(fields(line)) : line + "\n");
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

    private static Map<?, ?> fields(String line) throws IOException {
        return JsonSerialization.readValue(line, Map.class);
    }

    /** Every checkpoint, oldest first, as signed notes one after another. */
    @GET
    @Path("checkpoints")
    @Produces("text/plain; charset=utf-8")
    public String checkpoints() {
        auth.realm().requireViewEvents();
        return String.join("", new AuditStore(session).checkpoints(realm.getId()));
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
    public VerificationRepresentation verify(VerifyRequest body) {
        auth.realm().requireManageEvents();
        AuditEventListenerProviderFactory f = factory();
        SignedNote.Verifier key = f.verifierKey() == null ? null : SignedNote.Verifier.parse(f.verifierKey());
        if (key == null && f.signed()) {
            throw ErrorResponse.error("the signing key is configured but not resolved yet", Response.Status.SERVICE_UNAVAILABLE);
        }
        ExportVerifier.Accepted trusted = null;
        String trustedNote = body == null ? null : body.trustedCheckpoint;
        if (given(trustedNote)) {
            try {
                Checkpoint c = Checkpoint.parse(key == null ? trustedNote : key.open(trustedNote));
                trusted = new ExportVerifier.Accepted(c.size(), c.root());
            } catch (SecurityException | IllegalArgumentException e) {
                throw badRequest("trustedCheckpoint is not a checkpoint signed by this log's key");
            }
        }
        String realmId = realm.getId();
        ExportVerifier.Accepted since = trusted;
        ExportVerifier.Result result = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
            AuditStore store = new AuditStore(s);
            ExportVerifier v = new ExportVerifier(store.checkpoints(realmId), key, since);
            store.forEachLine(realmId, v::accept);
            return v.finish();
        });
        if (!result.ok()) {
            f.metrics().verificationFailed(result.failure());
            LOG.warnf("gatehouse-audit: verification of realm %s failed: %s", realm.getName(), result);
        }
        // Each verification is itself a record (a failure raises the built-in alert builtin-verify-failure).
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("records_checked", String.valueOf(result.recordsChecked()));
        details.put("trusted_checkpoint", String.valueOf(since != null));
        details.put("admin", auth.adminAuth().getUser().getId());
        if (!result.ok()) {
            details.put("failure", result.failure().label());
            details.put("record", String.valueOf(result.record()));
        }
        new AuditSystemEvent(session, realm.getId(), VERIFY_TYPE, result.ok() ? null : VERIFY_FAILED, details).publish();
        return VerificationRepresentation.of(result, key != null);
    }

    /** Inclusion and consistency proofs (lane proofs). */
    @Path("proofs")
    public ProofResource proofs() {
        return new ProofResource(session, realm, auth);
    }

    /** Alert rules and fired alerts (lane alerts). */
    @Path("alerts")
    public AlertResource alerts() {
        return new AlertResource(session, realm, auth);
    }

    /** Alert destinations and the outbox (lane delivery). */
    @Path("delivery")
    public DeliveryResource delivery() {
        return new DeliveryResource(session, realm, auth);
    }

    private AuditEventListenerProviderFactory factory() {
        return (AuditEventListenerProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, AuditEventListenerProviderFactory.PROVIDER_ID);
    }
}
