package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The optional body of {@code POST verify}: a checkpoint (signed note) the caller accepted before. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class VerifyRequest {

    public String trustedCheckpoint;
}
