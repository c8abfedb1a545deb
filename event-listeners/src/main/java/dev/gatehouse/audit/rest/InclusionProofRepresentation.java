package dev.gatehouse.audit.rest;

import java.util.List;

/**
 * The answer of {@code GET proofs/inclusion}: record {@code seq} is leaf {@code index} (seq - 1) of the tree of
 * {@code treeSize} leaves whose signed checkpoint is {@code checkpoint}. {@code line} is the record's exact line
 * (its RFC 6962 leaf hash is {@code leafHash}), null once retention pruned it; {@code proof} is the audit path,
 * base64, leaf side first.
 */
public class InclusionProofRepresentation {

    public long seq;
    public long index;
    public long treeSize;
    public String leafHash;
    public String line;
    public List<String> proof;
    public String checkpoint;
}
