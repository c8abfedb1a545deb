package dev.gatehouse.audit.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

import dev.gatehouse.audit.AuditLines;
import dev.gatehouse.audit.CanonicalJson;
import dev.gatehouse.audit.Checkpoint;
import dev.gatehouse.audit.ExportVerifier;
import dev.gatehouse.audit.SignedNote;
import dev.gatehouse.audit.alert.keycloak.AlertResource;
import dev.gatehouse.audit.delivery.keycloak.DeliveryResource;
import dev.gatehouse.audit.listener.AuditEventListenerProviderFactory;
import dev.gatehouse.audit.listener.AuditSystemEvent;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.store.AuditRecordQuery;
import dev.gatehouse.audit.store.AuditStore;
import dev.gatehouse.audit.view.RecordCursor;
import dev.gatehouse.audit.view.RecordFilter;

/**
 * /admin/realms/{realm}/gatehouse-audit: query, export, checkpoints and key for admins who may view events;
 * verify for admins who may manage them (it reads the whole log). HTTP only: the store reads, the verifier checks.
 */
public class AuditAdminResource {

    private static final Logger LOG = Logger.getLogger(AuditAdminResource.class);
    static final int MAX_PAGE = 1000;
    static final int RELATED_MAX = 50;
    static final int RELATED_WINDOW_MINUTES = 15;
    /** Response header of {@code records}: the cursor of the next page, absent on the last one. */
    public static final String NEXT_CURSOR = "Gatehouse-Next-Cursor";
    /** Response header of {@code export}: "chain" or "filtered; not a verifiable chain". */
    public static final String EXPORT_HEADER = "Gatehouse-Export";
    public static final String EXPORT_EVENT = "GATEHOUSE_AUDIT_EXPORT";
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
     * Records, newest first, sealed or not yet. Filters (all optional, combined with AND): user (user id or
     * username; for admin records the acting admin), kind (user|admin|system), type (event type or admin
     * operation), outcome (success|error), ip, client, from/to (epoch millis, an ISO-8601 instant or a date: from
     * its first millisecond, to its last), search (text in the details, at least 3 characters), session,
     * correlationId. Paging: max (1..1000), and either cursor (keyset: the {@value #NEXT_CURSOR} header of the
     * previous page; fast however deep) or first (offset; slow on deep pages of large logs).
     */
    @GET
    @Path("records")
    @Produces(MediaType.APPLICATION_JSON)
    public Response records(@Context UriInfo uri, @QueryParam("cursor") String cursor,
                            @QueryParam("first") @DefaultValue("0") String firstParam,
                            @QueryParam("max") @DefaultValue("100") String maxParam) {
        auth.realm().requireViewEvents();
        int first = integer(firstParam, "first");
        int max = integer(maxParam, "max");
        if (first < 0 || max < 1 || max > MAX_PAGE) {
            throw badRequest("first must be >= 0 and max between 1 and " + MAX_PAGE);
        }
        RecordFilter filter = filter(uri);
        AuditRecordQuery query = new AuditStore(session).records(realm.getId()).filter(filter);
        if (given(cursor)) {
            if (first != 0) {
                throw badRequest("cursor and first can't be combined");
            }
            query.after(parse(() -> RecordCursor.decode(cursor)));
        }
        List<AuditRecordEntity> rows = query.page(first, max + 1).getResultList();
        Response.ResponseBuilder ok = Response.ok(rows.stream().limit(max).map(AuditAdminResource::representation).toList());
        if (rows.size() > max) {
            AuditRecordEntity last = rows.get(max - 1);
            ok.header(NEXT_CURSOR, new RecordCursor(last.getCreated(), last.getId()).encode());
        }
        return ok.build();
    }

    /**
     * Records related to one (drill-down): the newest {@value #RELATED_MAX} of its session, of its correlation id,
     * and of its user within {@value #RELATED_WINDOW_MINUTES} minutes either side. 404 for an unknown id.
     */
    @GET
    @Path("records/{id}/related")
    @Produces(MediaType.APPLICATION_JSON)
    public RelatedRepresentation related(@PathParam("id") String id) {
        auth.realm().requireViewEvents();
        AuditStore store = new AuditStore(session);
        AuditRecordEntity r = id == null || id.length() > 64 ? null : store.record(realm.getId(), id);
        if (r == null) {
            throw ErrorResponse.error("no such record", Response.Status.NOT_FOUND);
        }
        RelatedRepresentation out = new RelatedRepresentation();
        out.record = representation(r);
        out.sameSession = r.getSessionId() == null ? List.of()
                : related(store, q -> q.filter(sessionFilter(r.getSessionId())), r);
        out.sameCorrelationId = r.getCorrelationId() == null ? List.of()
                : related(store, q -> q.filter(correlationFilter(r.getCorrelationId())), r);
        long window = RELATED_WINDOW_MINUTES * 60_000L;
        out.sameUserAround = r.getUserId() == null ? List.of()
                : related(store, q -> q.user(r.getUserId()).from(r.getCreated() - window).to(r.getCreated() + window), r);
        out.limit = RELATED_MAX;
        return out;
    }

    private static RecordFilter sessionFilter(String sessionId) {
        return new RecordFilter(null, null, null, null, null, null, null, null, null, sessionId, null);
    }

    private static RecordFilter correlationFilter(String correlationId) {
        return new RecordFilter(null, null, null, null, null, null, null, null, null, null, correlationId);
    }

    private List<AuditRecordRepresentation> related(AuditStore store, UnaryOperator<AuditRecordQuery> narrow, AuditRecordEntity self) {
        return narrow.apply(store.records(realm.getId())).page(0, RELATED_MAX + 1).getResultList().stream()
                .filter(x -> !x.getId().equals(self.getId())).limit(RELATED_MAX).map(AuditAdminResource::representation).toList();
    }

    /**
     * The log's state for the viewer: the newest checkpoint (size, time, signed, note), the sealed tree size and
     * the unsealed backlog with its oldest record's age. The full chain check is {@code POST verify} (manage-events).
     */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public StatusRepresentation status() {
        auth.realm().requireViewEvents();
        AuditStore store = new AuditStore(session);
        StatusRepresentation out = new StatusRepresentation();
        var head = store.head(realm.getId());
        out.sealed = head == null ? 0 : head.getSize();
        AuditStore.Backlog backlog = store.backlog(realm.getId());
        out.unsealed = backlog.unsealed();
        long now = System.currentTimeMillis();
        out.oldestUnsealedAgeMillis = backlog.oldestCreated() == null ? null : Math.max(0, now - backlog.oldestCreated());
        var c = store.latestCheckpoint(realm.getId());
        if (c != null) {
            out.checkpointSize = c.getSize();
            out.checkpointTime = c.getCreated();
            out.checkpoint = c.getNote();
        }
        out.signed = factory().signed();
        out.verifierKey = factory().verifierKey();
        return out;
    }

    /** The query parameters of a record filter; a username given as user becomes that user's id. */
    private RecordFilter filter(UriInfo uri) {
        var params = uri.getQueryParameters();
        RecordFilter f = parse(() -> RecordFilter.parse(params::getFirst));
        if (f.actor() != null && session.users().getUserById(realm, f.actor()) == null) {
            UserModel byName = session.users().getUserByUsername(realm, f.actor());
            if (byName != null) {
                return f.withActor(byName.getId());
            }
        }
        return f;
    }

    private static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be a whole number");
        }
    }

    static AuditRecordRepresentation representation(AuditRecordEntity r) {
        if (r.getLine() == null && r.getPayload() == null) {
            AuditRecordRepresentation pruned = new AuditRecordRepresentation();
            pruned.seq = r.getSeq();
            pruned.time = r.getCreated();
            pruned.pruned = true;
            pruned.recordId = r.getId();
            return pruned;
        }
        try {
            // The sealed line has seq and prev; an unsealed payload has neither, and seq stays null.
            AuditRecordRepresentation rep = JsonSerialization.readValue(r.getLine() != null ? r.getLine() : r.getPayload(), AuditRecordRepresentation.class);
            rep.recordId = r.getId();
            return rep;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A query parameter that was sent and isn't blank (shared with the proofs resource). */
    static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    static RuntimeException badRequest(String message) {
        return ErrorResponse.error(message, Response.Status.BAD_REQUEST);
    }

    /**
     * Records, streamed: JSON Lines by default, or CSV with {@code format=csv}. Without filters: the sealed log,
     * each JSON line the exact bytes whose leaf hash the tree holds (fetch the checkpoints first, then the export,
     * and it reaches as far as the newest checkpoint). With any filter of {@code records}: the matching records,
     * sealed or not, newest first; such an export is NOT a verifiable chain (records between are missing), and
     * says so in its first JSON line, its file name and the {@value #EXPORT_HEADER} header. Every export is itself
     * an audit record (kind system, type {@value #EXPORT_EVENT}: admin, format, filter).
     */
    @GET
    @Path("export")
    public Response export(@Context UriInfo uri, @QueryParam("format") @DefaultValue("jsonl") String format) {
        auth.realm().requireViewEvents();
        boolean csv = switch (format) {
            case "jsonl" -> false;
            case "csv" -> true;
            default -> throw badRequest("format must be jsonl or csv");
        };
        RecordFilter filter = filter(uri);
        auditExport(format, filter);
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StreamingOutput body = output -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
            if (csv) {
                w.write(AuditLines.csvHeader());
            } else if (!filter.isEmpty()) {
                w.write(filteredNote(filter));
            }
            // A session of its own: the stream outlives the resource method, and pages are cleared as they go.
            if (filter.isEmpty()) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> new AuditStore(s).forEachLine(realmId, line -> {
                    write(w, csv ? AuditLines.csvRow(fields(line)) : line + "\n");
                    return true;
                }));
            } else {
                KeycloakModelUtils.runJobInTransaction(factory, s -> new AuditStore(s).forEachRecord(realmId, filter, r -> {
                    String line = exportLine(r);
                    write(w, csv ? AuditLines.csvRow(fields(line)) : line + "\n");
                }));
            }
            w.flush();
        };
        String file = "audit-" + realm.getName() + (filter.isEmpty() ? "" : "-filtered") + (csv ? ".csv" : ".jsonl");
        Response.ResponseBuilder ok = Response.ok(body, csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ok.header(EXPORT_HEADER, filter.isEmpty() ? "chain" : "filtered; not a verifiable chain");
        return ok.build();
    }

    /** The audit record of an export, in the request's transaction: an export that was asked for is recorded. */
    private void auditExport(String format, RecordFilter filter) {
        Map<String, String> details = new TreeMap<>();
        UserModel admin = auth.adminAuth().getUser();
        details.put("admin", admin.getId());
        details.put("adminUsername", admin.getUsername());
        details.put("adminRealm", auth.adminAuth().getRealm().getName());
        details.put("format", format);
        details.put("filter", filter.isEmpty() ? "none" : query(filter.parameters()));
        new AuditSystemEvent(session, realm.getId(), EXPORT_EVENT, null, details).publish();
    }

    private static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private static String filteredNote(RecordFilter filter) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("gatehouseExport", "filtered");
        note.put("verifiableChain", false);
        note.put("note", "Records matching a filter, newest first; records in between are missing, so this file is not a verifiable chain. Export without filters to verify.");
        note.put("filter", filter.parameters());
        return new String(CanonicalJson.encode(note), StandardCharsets.UTF_8) + "\n";
    }

    /** A sealed record's line; a record not sealed yet: its payload (no seq); a pruned one: its stub fields. */
    private static String exportLine(AuditRecordEntity r) {
        if (r.getLine() != null) {
            return r.getLine();
        }
        if (r.getPayload() != null) {
            return r.getPayload();
        }
        return AuditLines.prunedStub(r.getSeq() == null ? 0 : r.getSeq(), "", r.getLeafHash());
    }

    private static void write(Writer w, String s) {
        try {
            w.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<?, ?> fields(String line) {
        try {
            return JsonSerialization.readValue(line, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
