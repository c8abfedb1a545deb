package dev.gatehouse.audit.rest;

import java.util.List;

/**
 * The answer of {@code GET proofs/consistency}: the RFC 6962 consistency proof (base64 hashes) that the tree of
 * {@code to} leaves extends the tree of {@code from} leaves, with both signed checkpoints.
 */
public class ConsistencyProofRepresentation {

    public long from;
    public long to;
    public List<String> proof;
    public String fromCheckpoint;
    public String toCheckpoint;
}
