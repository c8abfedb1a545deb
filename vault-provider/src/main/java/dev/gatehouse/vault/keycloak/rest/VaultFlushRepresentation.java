package dev.gatehouse.vault.keycloak.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a flush. {@code reference} null means every secret of the realm. {@code droppedOnThisNode} counts
 * the cache entries (versions and fields included) the node asked dropped; other nodes drop theirs when the
 * cluster event reaches them and log it, but don't report back, so their counts are not here.
 */
public class VaultFlushRepresentation {
    public String realm;
    /** Written as null too (Keycloak's JSON leaves nulls out): "the whole realm" should be visible. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String reference;
    public int droppedOnThisNode;
    /** The node that answered (process id and host). */
    public String node;
    /** True when the event was handed to Keycloak's cluster provider for every other node. */
    public boolean clusterNotified;
    /** Why the other nodes were not notified, when they weren't. */
    public String clusterError;
}
