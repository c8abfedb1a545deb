package dev.gatehouse.testsupport.fakes;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.testsupport.Json;

/**
 * AWS Secrets Manager's JSON 1.1 wire protocol, in process: {@code POST /} with {@code X-Amz-Target:
 * secretsmanager.GetSecretValue} (SecretId, VersionId, VersionStage), {@code secretsmanager.DescribeSecret}
 * (RotationEnabled and NextRotationDate, timestamps as epoch seconds, as AWS sends them) and {@code
 * secretsmanager.ListSecrets}; errors as AWS sends them (HTTP 400 with {@code __type}: ResourceNotFoundException, AccessDeniedException,
 * ThrottlingException; 500 InternalServiceError). Requests must carry a SigV4 Authorization header.
 */
public final class FakeSecretsManager extends FakeHttpServer {

    private record Version(String id, List<String> stages, String value) {
    }

    private record Rotation(boolean enabled, Instant next) {
    }

    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> denied = new ConcurrentHashMap<>();
    private final Map<String, Rotation> rotations = new ConcurrentHashMap<>();
    private final AtomicInteger getCalls = new AtomicInteger();
    private final AtomicInteger describeCalls = new AtomicInteger();
    private volatile boolean describeDenied;
    private volatile String failWith;
    private volatile String lastAuthorization;
    private volatile String lastSecurityToken;

    /** Stores a new version as AWSCURRENT; the one before becomes AWSPREVIOUS. Returns the version id. */
    public synchronized String put(String name, String value) {
        List<Version> versions = secrets.computeIfAbsent(name, k -> new ArrayList<>());
        List<Version> updated = new ArrayList<>();
        for (Version v : versions) {
            List<String> stages = new ArrayList<>(v.stages());
            stages.remove("AWSPREVIOUS");
            if (stages.remove("AWSCURRENT")) {
                stages.add("AWSPREVIOUS");
            }
            updated.add(new Version(v.id(), stages, v.value()));
        }
        String id = UUID.randomUUID().toString();
        updated.add(new Version(id, List.of("AWSCURRENT"), value));
        secrets.put(name, updated);
        return id;
    }

    /** Answers every GetSecretValue of this secret with AccessDeniedException. */
    public void deny(String name) {
        denied.put(name, name);
    }

    /**
     * The secret's rotation as DescribeSecret reports it: {@code enabled} is RotationEnabled, {@code next}
     * NextRotationDate (null: not sent). Without this, DescribeSecret omits both, as for a secret never configured
     * for rotation.
     */
    public void rotation(String name, boolean enabled, Instant next) {
        rotations.put(name, new Rotation(enabled, next));
    }

    /** Answers DescribeSecret with AccessDeniedException (a role with secretsmanager:GetSecretValue only), or not. */
    public void denyDescribe(boolean denied) {
        this.describeDenied = denied;
    }

    public int describeCalls() {
        return describeCalls.get();
    }

    /** Answers every call with this error type (e.g. ThrottlingException) until cleared with null. */
    public void failWith(String errorType) {
        this.failWith = errorType;
    }

    public int getCalls() {
        return getCalls.get();
    }

    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** The session token of temporary credentials (STS), if the last request carried one. */
    public String lastSecurityToken() {
        return lastSecurityToken;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        lastSecurityToken = ex.getRequestHeaders().getFirst("X-Amz-Security-Token");
        String raw = body(ex);
        JsonNode req = Json.parse(raw.isEmpty() ? "{}" : raw);
        if (lastAuthorization == null || !lastAuthorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
            error(ex, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }
        if (failWith != null) {
            error(ex, failWith.equals("InternalServiceError") ? 500 : 400, failWith, "Injected by the test.");
            return;
        }
        if ("secretsmanager.ListSecrets".equals(target)) {
            send(ex, 200, "application/x-amz-json-1.1", "{\"SecretList\":[]}");
            return;
        }
        if ("secretsmanager.DescribeSecret".equals(target)) {
            describe(ex, req.path("SecretId").asText());
            return;
        }
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            error(ex, 400, "UnknownOperationException", "Unsupported target " + target);
            return;
        }
        getCalls.incrementAndGet();
        String name = req.path("SecretId").asText();
        if (denied.containsKey(name)) {
            error(ex, 400, "AccessDeniedException", "User is not authorized to perform: secretsmanager:GetSecretValue on " + name);
            return;
        }
        String versionId = req.path("VersionId").asText(null);
        String stage = req.path("VersionStage").asText(versionId == null ? "AWSCURRENT" : null);
        Version found = null;
        for (Version v : secrets.getOrDefault(name, List.of())) {
            if ((versionId != null && v.id().equals(versionId)) || (stage != null && v.stages().contains(stage))) {
                found = v;
            }
        }
        if (found == null) {
            error(ex, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf");
        out.put("Name", name);
        out.put("SecretString", found.value());
        out.put("VersionId", found.id());
        found.stages().forEach(out.putArray("VersionStages")::add);
        out.put("CreatedDate", 1.7e9);
        send(ex, 200, "application/x-amz-json-1.1", out.toString());
    }

    private void describe(HttpExchange ex, String name) throws IOException {
        describeCalls.incrementAndGet();
        if (describeDenied) {
            error(ex, 400, "AccessDeniedException", "User is not authorized to perform: secretsmanager:DescribeSecret on " + name);
            return;
        }
        List<Version> versions = secrets.get(name);
        if (versions == null) {
            error(ex, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf");
        out.put("Name", name);
        Rotation rotation = rotations.get(name);
        if (rotation != null) {
            out.put("RotationEnabled", rotation.enabled());
            if (rotation.next() != null) {
                out.put("NextRotationDate", rotation.next().toEpochMilli() / 1000.0);
            }
        }
        out.put("LastChangedDate", 1.7e9);
        out.put("CreatedDate", 1.7e9);
        ObjectNode stages = out.putObject("VersionIdsToStages");
        synchronized (this) {
            for (Version v : versions) {
                if (!v.stages().isEmpty()) {
                    ArrayNode a = stages.putArray(v.id());
                    v.stages().forEach(a::add);
                }
            }
        }
        send(ex, 200, "application/x-amz-json-1.1", out.toString());
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(ex, status, "application/x-amz-json-1.1", "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }
}
