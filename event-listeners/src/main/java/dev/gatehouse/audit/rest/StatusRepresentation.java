package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET status}: sealed tree size, unsealed backlog and the age of its oldest record, the newest checkpoint
 * (tree size, time, its signed note) and whether checkpoints are signed (with the verifier key when they are).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StatusRepresentation {
    public long sealed;
    public long unsealed;
    public Long oldestUnsealedAgeMillis;
    public Long checkpointSize;
    public Long checkpointTime;
    public String checkpoint;
    public boolean signed;
    public String verifierKey;
}
