package dev.gatehouse.audit.rest;

import static dev.gatehouse.audit.rest.AuditAdminResource.badRequest;
import static dev.gatehouse.audit.rest.AuditAdminResource.given;

import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.gatehouse.audit.MerkleProofs;
import dev.gatehouse.audit.store.AuditRecordEntity;
import dev.gatehouse.audit.store.AuditStore;
import dev.gatehouse.audit.store.StoredTree;

/**
 * /admin/realms/{realm}/gatehouse-audit/proofs/…: RFC 6962 / 9162 inclusion and consistency proofs against the
 * realm's signed checkpoints, for monitors that check the log without downloading it. Sizes must be those of
 * stored checkpoints, so every proof comes with the signed note it leads to. HTTP only: the store reads,
 * {@link MerkleProofs} builds.
 */
public class ProofResource {

    private static final Logger LOG = Logger.getLogger(ProofResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public ProofResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** The inclusion proof of one record, chosen by {@code seq} or by {@code leaf} (its base64 leaf hash). */
    @GET
    @Path("inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    public InclusionProofRepresentation inclusion(@QueryParam("seq") String seq, @QueryParam("leaf") String leaf,
                                                  @QueryParam("size") String size) {
        auth.realm().requireViewEvents();
        if (given(seq) == given(leaf)) {
            throw badRequest("give either seq or leaf");
        }
        AuditStore store = new AuditStore(session);
        String realmId = realm.getId();
        long treeSize = checkpointedSize(store, size, "size");
        AuditRecordEntity record = given(seq)
                ? store.sealedRecord(realmId, positive(seq, "seq"))
                : store.sealedRecordByLeaf(realmId, leafHash(leaf));
        if (record == null) {
            throw ErrorResponse.error("no sealed record with that " + (given(seq) ? "seq" : "leaf hash"), Response.Status.NOT_FOUND);
        }
        if (record.getSeq() > treeSize) {
            throw badRequest("the record is not in the tree of that size");
        }
        InclusionProofRepresentation rep = new InclusionProofRepresentation();
        rep.seq = record.getSeq();
        rep.index = record.getSeq() - 1;
        rep.treeSize = treeSize;
        rep.leafHash = record.getLeafHash();
        rep.line = record.getLine();
        rep.proof = build(store, p -> p.inclusion(rep.index, treeSize));
        rep.checkpoint = store.checkpointOfSize(realmId, treeSize);
        return rep;
    }

    /** The consistency proof from the tree of {@code from} leaves to that of {@code to} (default: the newest). */
    @GET
    @Path("consistency")
    @Produces(MediaType.APPLICATION_JSON)
    public ConsistencyProofRepresentation consistency(@QueryParam("from") String from, @QueryParam("to") String to) {
        auth.realm().requireViewEvents();
        if (!given(from)) {
            throw badRequest("from is required");
        }
        AuditStore store = new AuditStore(session);
        long newSize = checkpointedSize(store, to, "to");
        long oldSize = checkpointedSize(store, from, "from");
        if (oldSize > newSize) {
            throw badRequest("from must not be greater than to");
        }
        ConsistencyProofRepresentation rep = new ConsistencyProofRepresentation();
        rep.from = oldSize;
        rep.to = newSize;
        rep.proof = build(store, p -> p.consistency(oldSize, newSize));
        rep.fromCheckpoint = store.checkpointOfSize(realm.getId(), oldSize);
        rep.toCheckpoint = store.checkpointOfSize(realm.getId(), newSize);
        return rep;
    }

    /** A given size that some stored checkpoint has, or (not given) the newest checkpoint's size. */
    private long checkpointedSize(AuditStore store, String value, String name) {
        if (!given(value)) {
            Long newest = store.newestTreeSize(realm.getId());
            if (newest == null || newest == 0) {
                throw ErrorResponse.error("the log has no checkpoint yet", Response.Status.NOT_FOUND);
            }
            return newest;
        }
        long size = positive(value, name);
        if (store.checkpointOfSize(realm.getId(), size) == null) {
            throw badRequest(name + " must be the tree size of a stored checkpoint (see GET checkpoints)");
        }
        return size;
    }

    private interface Proof {
        List<byte[]> of(MerkleProofs proofs);
    }

    private List<String> build(AuditStore store, Proof proof) {
        String realmId = realm.getId();
        MerkleProofs proofs = new MerkleProofs(new StoredTree(store, realmId), MerkleProofs.STORED_LEVEL);
        try {
            return proof.of(proofs).stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
        } catch (IllegalStateException e) {
            // Leaves missing below a checkpointed size: the tables were changed behind the sealer's back.
            LOG.warnf("gatehouse-audit: cannot build a proof for realm %s: %s", realm.getName(), e.getMessage());
            throw ErrorResponse.error("the log's stored hashes are incomplete; run verify", Response.Status.CONFLICT);
        }
    }

    private static long positive(String value, String name) {
        String v = value.trim();
        if (!v.matches("[0-9]{1,18}") || Long.parseLong(v) == 0) {
            throw badRequest(name + " must be a positive whole number");
        }
        return Long.parseLong(v);
    }

    /** A leaf hash in base64 (standard or URL-safe; a '+' sent unencoded arrives as a space), stored form. */
    private static String leafHash(String value) {
        String v = value.trim().replace(' ', '+');
        byte[] hash;
        try {
            hash = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw badRequest("leaf must be a base64 SHA-256 hash");
        }
        if (hash.length != 32) {
            throw badRequest("leaf must be a base64 SHA-256 hash");
        }
        return Base64.getEncoder().encodeToString(hash);
    }
}
