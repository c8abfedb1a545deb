package dev.gatehouse.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gatehouse.audit.ExportVerifier;

/** The answer of {@code POST verify}: status ok|failed, whether checkpoints are signed, and the first failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationRepresentation {

    public String status;
    public boolean signed;
    public long recordsChecked;
    public FailureRepresentation failure;

    /** The first failure: its kind (e.g. "modified", "rolled_back"), the record it concerns, and a detail. */
    public static class FailureRepresentation {
        public String kind;
        public long record;
        public String detail;
    }

    static VerificationRepresentation of(ExportVerifier.Result result, boolean signed) {
        VerificationRepresentation v = new VerificationRepresentation();
        v.status = result.ok() ? "ok" : "failed";
        v.signed = signed;
        v.recordsChecked = result.recordsChecked();
        if (!result.ok()) {
            v.failure = new FailureRepresentation();
            v.failure.kind = result.failure().label();
            v.failure.record = result.record();
            v.failure.detail = result.detail();
        }
        return v;
    }
}
