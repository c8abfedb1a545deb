package dev.gatehouse.audit.rest;

import java.util.List;

/**
 * {@code GET records/{id}/related}: the record, then the newest records (at most {@code limit} each, the record
 * itself left out) of its session, of its correlation id, and of its user within 15 minutes either side.
 */
public class RelatedRepresentation {
    public AuditRecordRepresentation record;
    public List<AuditRecordRepresentation> sameSession;
    public List<AuditRecordRepresentation> sameCorrelationId;
    public List<AuditRecordRepresentation> sameUserAround;
    public int limit;
}
