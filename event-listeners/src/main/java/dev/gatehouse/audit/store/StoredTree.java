package dev.gatehouse.audit.store;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.gatehouse.audit.NodeBackfill;

/** A realm's stored nodes and sealed leaf hashes, decoded, for proofs and the node backfill. */
public final class StoredTree implements NodeBackfill.Source {

    private final AuditStore store;
    private final String realmId;

    public StoredTree(AuditStore store, String realmId) {
        this.store = store;
        this.realmId = realmId;
    }

    @Override
    public byte[] node(int level, long index) {
        String hash = store.node(realmId, level, index);
        return hash == null ? null : Base64.getDecoder().decode(hash);
    }

    @Override
    public Map<Long, byte[]> nodes(int level, long fromIndex, long toIndex) {
        Map<Long, byte[]> nodes = new HashMap<>();
        store.nodes(realmId, level, fromIndex, toIndex).forEach((i, h) -> nodes.put(i, Base64.getDecoder().decode(h)));
        return nodes;
    }

    @Override
    public List<byte[]> leaves(long from, long to) {
        // Leaf index i is the record with seq i + 1.
        return store.leafRange(realmId, from, to).stream().map(h -> Base64.getDecoder().decode(h)).toList();
    }
}
