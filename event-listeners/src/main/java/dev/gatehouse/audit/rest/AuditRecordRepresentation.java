package dev.gatehouse.audit.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One audit record as {@code GET records} returns it: the fields of its sealed line (or, not sealed yet, of its
 * payload, with {@code seq} null). User records carry type, user, client and session; admin records carry
 * operation, resource and the acting admin (authRealm, authClient, authUser); a record pruned by retention is
 * {@code seq}, {@code time} and {@code pruned}. Fields without a value are left out, except {@code seq}.
 * {@code recordId} is the row's id in the store (not part of the line): the key of {@code records/{recordId}/related}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AuditRecordRepresentation {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public Long seq;
    public String prev;
    public String kind;
    public String id;
    public Long time;
    public String realm;
    public String type;
    public String operation;
    public String resourceType;
    public String resourcePath;
    public String error;
    public String user;
    public String client;
    public String session;
    public String ip;
    public String authRealm;
    public String authClient;
    public String authUser;
    public String representationSha256;
    public Map<String, String> details;
    public String node;
    public String correlationId;
    public Boolean pruned;
    public String recordId;
}
