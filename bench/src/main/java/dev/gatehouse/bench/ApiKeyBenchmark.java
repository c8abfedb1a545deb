package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testsupport.Accounts;
import dev.gatehouse.testsupport.BuildInfo;
import dev.gatehouse.testsupport.Json;
import dev.gatehouse.testsupport.KeycloakNode;
import dev.gatehouse.testsupport.PostgresDatabase;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * API keys beside Keycloak's own client_credentials grant, in one run on one production-mode server (same JVM,
 * same realm, same concurrency): (a) client_credentials at the token endpoint with a confidential client's
 * secret, (b) the pack's validation endpoint for gateways with a valid key, (c) the pack's key-to-token grant.
 * The three run in rounds, each round starting with the next kind; each kind's throughput is divided by
 * client_credentials' in the same round, and the median and range of those ratios are printed, with p50/p95
 * latency and the server's and PostgreSQL's CPU time per request (less sensitive than throughput to other work on
 * the cores). Beside them, Keycloak's realm info endpoint as a yardstick of what any endpoint reaches; on request
 * a JFR profile of each kind with a breakdown by part, and rounds without the audit listener as a diagnostic.
 */
public final class ApiKeyBenchmark {

    static final String REALM = "demo";
    static final String ROLE = "gatehouse-bench-reader";
    static final String SCOPE = "profile";
    static final String EXCHANGE_CLIENT = "gatehouse-api-keys";
    static final String GRANT = "urn:gatehouse:params:oauth:grant-type:api-key";
    static final String REQUIRED_ACTION = "gatehouse-api-key";
    static final String CC_CLIENT_PREFIX = "gatehouse-bench-cc-";
    static final String CC_SECRET = "gatehouse-bench-cc-secret-0123456789";
    static final String OWNER_PREFIX = "gatehouse-bench-key-owner-";
    static final String SCHEMA = "gatehouse_apikey_bench";
    static final String USAGE = "usage: bench/api-keys.sh [--clients N] [--duration S] [--warmup S] [--rounds R] [--users U]"
            + " [--service-accounts C] [--keys-per-owner K] [--no-service-account-keys] [--rate-limit PER_MINUTE] [--db postgres|dev-file] [--profile DIR]"
            + " [--audit-off-rounds N]"
            + " [--kinds client_credentials,validate,exchange,floor]";

    enum Kind {
        CLIENT_CREDENTIALS("client_credentials"),
        VALIDATE("validate"),
        EXCHANGE("api-key exchange"),
        /**
         * Not a goal, a yardstick: Keycloak's lightest realm endpoint (GET /realms/{realm}, the realm's public
         * info), no database, no signature, no event: about the most requests per second any endpoint served
         * through Keycloak's HTTP stack and session can reach on the machine.
         */
        FLOOR("realm info (floor)");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String name) {
            for (Kind k : values()) {
                if (k.label.equals(name) || k.name().equalsIgnoreCase(name.replace('-', '_'))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind " + name + " (client_credentials, validate, exchange, floor); " + USAGE);
        }
    }

    record Options(int clients, int seconds, int warmup, int rounds, int users, int serviceAccounts, int keysPerOwner,
                   int rateLimit, String db, Path profile, List<Kind> kinds, boolean serviceAccountKeys, int auditOffRounds) {
        static Options parse(String[] args) {
            int clients = 8;
            int seconds = 20;
            int warmup = 15;
            int rounds = 5;
            int users = 8;
            int serviceAccounts = 4;
            int keysPerOwner = 4;
            int rateLimit = 100_000;
            String db = "postgres";
            Path profile = null;
            List<Kind> kinds = List.of(Kind.values());
            boolean serviceAccountKeys = true;
            int auditOffRounds = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--duration" -> seconds = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--users" -> users = Integer.parseInt(args[++i]);
                    case "--service-accounts" -> serviceAccounts = Integer.parseInt(args[++i]);
                    case "--keys-per-owner" -> keysPerOwner = Integer.parseInt(args[++i]);
                    case "--rate-limit" -> rateLimit = Integer.parseInt(args[++i]);
                    case "--db" -> db = args[++i];
                    case "--no-service-account-keys" -> serviceAccountKeys = false;
                    case "--audit-off-rounds" -> auditOffRounds = Integer.parseInt(args[++i]);
                    case "--profile" -> profile = Path.of(args[++i]).toAbsolutePath();
                    case "--kinds" -> kinds = Arrays.stream(args[++i].split(",")).map(Kind::of).sorted().toList();
                    default -> throw new IllegalArgumentException(USAGE);
                }
            }
            if (!db.equals("postgres") && !db.equals("dev-file")) {
                throw new IllegalArgumentException("--db must be postgres or dev-file; " + USAGE);
            }
            if (serviceAccounts < 1 || users + (serviceAccountKeys ? serviceAccounts : 0) < 1 || keysPerOwner < 1) {
                throw new IllegalArgumentException("at least one service account (the client_credentials clients) and one key per owner; " + USAGE);
            }
            if (!kinds.contains(Kind.CLIENT_CREDENTIALS)) {
                throw new IllegalArgumentException("--kinds must include client_credentials, the baseline; " + USAGE);
            }
            return new Options(clients, seconds, warmup, rounds, users, serviceAccounts, keysPerOwner, rateLimit, db, profile, kinds, serviceAccountKeys, auditOffRounds);
        }
    }

    /** One kind's run: requests answered 200, other answers, wall time, latencies of the 200s, CPU used. */
    record Phase(long ok, long errors, double seconds, long[] latencies, double serverCpu, double clientCpu, double dbCpu) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, i)] / 1e6;
        }

        /** Server CPU microseconds per answered request. */
        double serverMicrosPerRequest() {
            return serverCpu * 1e6 / Math.max(1, ok + errors);
        }

        /** Database server CPU microseconds per request (PostgreSQL's processes on this machine; NaN for dev-file). */
        double dbMicrosPerRequest() {
            return dbCpu * 1e6 / Math.max(1, ok + errors);
        }

        Phase plus(Phase o) {
            long[] all = Arrays.copyOf(latencies, latencies.length + o.latencies.length);
            System.arraycopy(o.latencies, 0, all, latencies.length, o.latencies.length);
            Arrays.sort(all);
            return new Phase(ok + o.ok, errors + o.errors, seconds + o.seconds, all, serverCpu + o.serverCpu, clientCpu + o.clientCpu, dbCpu + o.dbCpu);
        }
    }

    /** The requests of each kind, pre-built: one per client_credentials client, one per key. */
    record Requests(Map<Kind, List<byte[]>> byKind) {
        byte[] pick(Kind kind, int thread, long n) {
            List<byte[]> list = byKind.get(kind);
            return list.get((int) ((thread * 7L + n) % list.size()));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("--breakdown")) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(args[i] + ":");
                breakdown(Path.of(args[i]));
            }
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String loadBefore = SignInBenchmark.loadAverage();
        try (KeycloakNode server = startServer(o)) {
            RealmResource realm = server.adminClient().realm(REALM);
            List<String> ccClients = setUpRealm(server, realm, o);
            List<String> owners = owners(realm, o, ccClients);
            boolean keyed = o.kinds().contains(Kind.VALIDATE) || o.kinds().contains(Kind.EXCHANGE);
            List<String> keys = keyed ? createKeys(server, owners, o) : List.of();
            Requests requests = requests(server, ccClients, keys);
            sanityCheck(server, requests, o.kinds());
            Optional<ProcessHandle> kc = serverProcess(server);
            if (kc.isEmpty()) {
                System.out.println("server JVM not found among this machine's processes: no server CPU column");
            }

            for (Kind k : o.kinds()) {
                run(server, kc, o.db(), requests, k, o.clients(), o.warmup());
            }
            System.out.println("warm-up done (load average " + SignInBenchmark.loadAverage() + ")");
            Phase[][] perRound = rounds(server, kc, requests, o, o.rounds());
            report(o, owners.size(), keys.size(), perRound, loadBefore, SignInBenchmark.loadAverage());
            System.out.printf(Locale.ROOT, "server heap used after run: %.0f MiB%n", SignInBenchmark.heapUsedBytes(server) / (1024.0 * 1024.0));
            if (o.profile() != null && kc.isPresent()) {
                profile(server, kc.get(), requests, o);
            }
            if (o.auditOffRounds() > 0) {
                // A diagnostic, not the result: what the audit record of each use costs.
                RealmRepresentation rep = realm.toRepresentation();
                List<String> listeners = new ArrayList<>(rep.getEventsListeners());
                listeners.remove(AUDIT_LISTENER);
                rep.setEventsListeners(listeners);
                realm.update(rep);
                System.out.printf(Locale.ROOT, "%nDIAGNOSTIC: the realm's %s listener removed (listeners now %s), %d more rounds ...%n",
                        AUDIT_LISTENER, listeners, o.auditOffRounds());
                String load = SignInBenchmark.loadAverage();
                for (Kind k : o.kinds()) {
                    run(server, kc, o.db(), requests, k, o.clients(), Math.min(5, o.warmup()));
                }
                Phase[][] off = rounds(server, kc, requests, o, o.auditOffRounds());
                System.out.println("\nDIAGNOSTIC, without the audit listener (no audit record of any use or sign-in; not the product):");
                report(o, owners.size(), keys.size(), off, load, SignInBenchmark.loadAverage());
            }
        }
    }

    static final String AUDIT_LISTENER = "gatehouse-audit";

    /** Rounds of every kind, each round starting with the next kind; [round][kind ordinal]. */
    static Phase[][] rounds(KeycloakNode server, Optional<ProcessHandle> kc, Requests requests, Options o, int rounds) throws Exception {
        Phase[][] perRound = new Phase[rounds][Kind.values().length];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < o.kinds().size(); j++) {
                Kind k = o.kinds().get((r + j) % o.kinds().size());
                perRound[r][k.ordinal()] = run(server, kc, o.db(), requests, k, o.clients(), o.seconds());
            }
            System.out.printf(Locale.ROOT, "round %d of %d done (load average %s)%n", r + 1, rounds, SignInBenchmark.loadAverage());
        }
        return perRound;
    }

    static KeycloakNode startServer(Options o) {
        System.out.println("starting Keycloak " + BuildInfo.keycloakVersion() + " (production mode, " + o.db() + " database) ...");
        if (o.db().equals("dev-file")) {
            KeycloakNode server = KeycloakNode.fresh("bench-api-keys").withProviders(BuildInfo.providersDir())
                    .withImport(BuildInfo.realmConfig(REALM));
            return profiled(server, o).startProduction("--db=dev-file", "--import-realm");
        }
        PostgresDatabase pg = PostgresDatabase.fromEnvironment();
        pg.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason + " (or run with --db dev-file)");
        });
        pg.recreateSchema(SCHEMA);
        Path template = KeycloakNode.builtForPostgres("bench-api-keys-template");
        List<String> options = new ArrayList<>(pg.keycloakOptions(SCHEMA));
        options.addAll(List.of("--optimized", "--import-realm"));
        KeycloakNode server = KeycloakNode.copyOf("bench-api-keys", template).withImport(BuildInfo.realmConfig(REALM));
        return profiled(server, o).startProduction(options.toArray(String[]::new));
    }

    /** With --profile, JFR keeps deeper stacks than its default 64 frames: Keycloak's request stacks are deeper. */
    static KeycloakNode profiled(KeycloakNode server, Options o) {
        return o.profile() == null ? server : server.withEnv("JAVA_OPTS_APPEND", "-XX:FlightRecorderOptions=stackdepth=512");
    }

    /**
     * The role the keys carry, the client_credentials clients (confidential, service account only, the role
     * granted to their service accounts) and the realm's key settings. Returns the client_credentials clients' ids.
     */
    static List<String> setUpRealm(KeycloakNode server, RealmResource realm, Options o) {
        if (realm.roles().list().stream().noneMatch(r -> ROLE.equals(r.getName()))) {
            RoleRepresentation role = new RoleRepresentation();
            role.setName(ROLE);
            realm.roles().create(role);
        }
        RoleRepresentation role = realm.roles().get(ROLE).toRepresentation();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < o.serviceAccounts(); i++) {
            ClientRepresentation c = new ClientRepresentation();
            c.setClientId(CC_CLIENT_PREFIX + i);
            c.setPublicClient(false);
            c.setSecret(CC_SECRET);
            c.setServiceAccountsEnabled(true);
            c.setStandardFlowEnabled(false);
            c.setDirectAccessGrantsEnabled(false);
            try (Response r = realm.clients().create(c)) {
                String id = CreatedResponseUtil.getCreatedId(r);
                String sa = realm.clients().get(id).getServiceAccountUser().getId();
                realm.users().get(sa).roles().realmLevel().add(List.of(role));
                ids.add(id);
            }
        }
        if (realm.clients().findByClientId(EXCHANGE_CLIENT).isEmpty()) {
            throw new IllegalStateException("the realm has no client " + EXCHANGE_CLIENT + " (the demo realm declares it)");
        }
        if (o.kinds().contains(Kind.VALIDATE) || o.kinds().contains(Kind.EXCHANGE)) {
            settings(realm, o);
        }
        return ids;
    }

    /**
     * The realm's API-key settings (config of the required action gatehouse-api-key): the exchange client allowed,
     * and the realm's per-key rate limit at the bench's, so that a key without its own limit is not throttled
     * either. Other options keep their values.
     */
    static void settings(RealmResource realm, Options o) {
        if (realm.flows().getRequiredActions().stream().noneMatch(a -> REQUIRED_ACTION.equals(a.getAlias()))) {
            throw new IllegalStateException("the realm has no required action " + REQUIRED_ACTION + " (the demo realm registers it)");
        }
        Map<String, String> config = new HashMap<>();
        try {
            RequiredActionConfigRepresentation current = realm.flows().getRequiredActionConfig(REQUIRED_ACTION);
            if (current != null && current.getConfig() != null) {
                config.putAll(current.getConfig());
            }
        } catch (RuntimeException e) {
            // no config yet
        }
        config.put(Setting.EXCHANGE_CLIENTS, EXCHANGE_CLIENT);
        config.put(Setting.RATE_LIMIT, String.valueOf(o.rateLimit()));
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(config);
        realm.flows().updateRequiredActionConfig(REQUIRED_ACTION, rep);
        RequiredActionProviderRepresentation action = realm.flows().getRequiredAction(REQUIRED_ACTION);
        System.out.println("realm API-key settings: " + new TreeMap<>(realm.flows().getRequiredActionConfig(REQUIRED_ACTION).getConfig())
                + (action.isEnabled() ? "" : " (required action disabled)"));
    }

    /** Option names of the realm's API-key settings (apikey.ApiKeySettings). */
    static final class Setting {
        static final String EXCHANGE_CLIENTS = "exchangeClients";
        static final String RATE_LIMIT = "rateLimitPerMinute";

        private Setting() {
        }
    }

    /** Key owners: users holding the role, then the client_credentials clients' service accounts (unless --no-service-account-keys). */
    static List<String> owners(RealmResource realm, Options o, List<String> ccClients) {
        List<UserRepresentation> reps = new ArrayList<>();
        for (int i = 0; i < o.users(); i++) {
            UserRepresentation u = Accounts.user(OWNER_PREFIX + i, OWNER_PREFIX + i + "@bench.test", true);
            u.setRealmRoles(List.of(ROLE));
            reps.add(u);
        }
        if (!reps.isEmpty()) {
            Accounts.create(realm, PartialImportRepresentation.Policy.SKIP, reps);
        }
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < o.users(); i++) {
            owners.add(Accounts.id(realm, OWNER_PREFIX + i));
        }
        for (String client : o.serviceAccountKeys() ? ccClients : List.<String>of()) {
            owners.add(realm.clients().get(client).getServiceAccountUser().getId());
        }
        return owners;
    }

    /** Keys through the admin REST, as an administrator creates them; each key is in its answer once. */
    static List<String> createKeys(KeycloakNode server, List<String> owners, Options o) {
        System.out.printf(Locale.ROOT, "creating %d keys (%d owners x %d, roles [%s], client scopes [%s], rate limit %,d/min each) ...%n",
                owners.size() * o.keysPerOwner(), owners.size(), o.keysPerOwner(), ROLE, SCOPE, o.rateLimit());
        List<String> keys = new ArrayList<>();
        for (String owner : owners) {
            for (int k = 0; k < o.keysPerOwner(); k++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "bench " + k);
                body.put("roles", List.of(ROLE));
                body.put("clientScopes", List.of(SCOPE));
                body.put("rateLimitPerMinute", o.rateLimit());
                var r = server.admin().call("POST", "/realms/" + REALM + "/gatehouse-api-keys/users/" + owner + "/keys", body);
                if (r.statusCode() != 200 && r.statusCode() != 201) {
                    throw new IllegalStateException("key creation for " + owner + " -> " + r.statusCode() + " " + r.body());
                }
                JsonNode created = Json.parse(r.body());
                JsonNode key = created.get("key");
                if (key == null || key.asText().isEmpty()) {
                    throw new IllegalStateException("no key in the creation answer (fields " + fieldNames(created) + ")");
                }
                keys.add(key.asText());
            }
        }
        return keys;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Requests requests(KeycloakNode server, List<String> ccClients, List<String> keys) {
        RealmResource realm = server.adminClient().realm(REALM);
        String host = hostHeader(server);
        String token = "/realms/" + REALM + "/protocol/openid-connect/token";
        Map<Kind, List<byte[]>> byKind = new EnumMap<>(Kind.class);
        List<byte[]> cc = new ArrayList<>();
        for (String id : ccClients) {
            String clientId = realm.clients().get(id).toRepresentation().getClientId();
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + CC_SECRET).getBytes(StandardCharsets.UTF_8));
            cc.add(KeepAliveConnection.request("POST", token, host, "grant_type=client_credentials", "Authorization: Basic " + basic));
        }
        List<byte[]> validate = new ArrayList<>();
        List<byte[]> exchange = new ArrayList<>();
        for (String key : keys) {
            // As a gateway asks: the key in its header, and the role the route needs.
            validate.add(KeepAliveConnection.request("GET", "/realms/" + REALM + "/gatehouse-api-keys/validate?role=" + ROLE, host, null,
                    "X-API-Key: " + key));
            exchange.add(KeepAliveConnection.request("POST", token, host,
                    "grant_type=" + GRANT.replace(":", "%3A") + "&api_key=" + key + "&client_id=" + EXCHANGE_CLIENT));
        }
        byKind.put(Kind.CLIENT_CREDENTIALS, cc);
        byKind.put(Kind.VALIDATE, validate);
        byKind.put(Kind.EXCHANGE, exchange);
        byKind.put(Kind.FLOOR, List.of(KeepAliveConnection.request("GET", "/realms/" + REALM, host, null)));
        return new Requests(byKind);
    }

    static String hostHeader(KeycloakNode server) {
        return server.baseUrl().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
    }

    static java.net.URI uri(KeycloakNode server) {
        return java.net.URI.create(server.baseUrl());
    }

    /** One request of each kind, answers shown (the access tokens' claims, not their signatures); any refusal stops the run. */
    static void sanityCheck(KeycloakNode server, Requests requests, List<Kind> kinds) throws IOException {
        java.net.URI base = uri(server);
        try (KeepAliveConnection c = new KeepAliveConnection(base.getHost(), base.getPort())) {
            for (Kind k : kinds) {
                KeepAliveConnection.Answer a = c.send(requests.pick(k, 0, 0), true);
                String shown = a.body();
                if (a.status() == 200 && shown.contains("\"access_token\"")) {
                    String jwt = Json.parse(shown).get("access_token").asText();
                    shown = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
                }
                System.out.printf(Locale.ROOT, "%s: %d %s%n", k.label, a.status(), shown.length() > 600 ? shown.substring(0, 600) + "..." : shown);
                if (a.status() != 200) {
                    throw new IllegalStateException(k.label + " refused: " + a.status() + " " + a.body());
                }
            }
        }
    }

    /** The Keycloak JVM of this node: the java process whose command line names the node's home. */
    static Optional<ProcessHandle> serverProcess(KeycloakNode server) {
        String home = server.home().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false))
                .filter(p -> p.info().commandLine().map(cl -> cl.contains(home)).orElse(false))
                .findFirst();
    }

    /** CPU seconds of the local PostgreSQL server's processes (its backends are the connection pool's: long-lived). */
    static double postgresCpuSeconds(String db) {
        if (!db.equals("postgres")) {
            return Double.NaN;
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("/postgres")).orElse(false))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    static double cpuSeconds(Optional<ProcessHandle> p) {
        return p.flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** N threads, each on its own keep-alive connection, send one kind of request for {@code seconds}. */
    static Phase run(KeycloakNode server, Optional<ProcessHandle> kc, String db, Requests requests, Kind kind, int clients, int seconds)
            throws Exception {
        java.net.URI base = uri(server);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<long[]> perThread = new ArrayList<>();
        double serverBefore = cpuSeconds(kc);
        double dbBefore = postgresCpuSeconds(db);
        double clientBefore = cpuSeconds(Optional.of(ProcessHandle.current()));
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long[] lat = new long[4096];
                    int n = 0;
                    try (KeepAliveConnection c = new KeepAliveConnection(base.getHost(), base.getPort())) {
                        for (long i = 0; System.nanoTime() < end; i++) {
                            byte[] request = requests.pick(kind, thread, i);
                            long t0 = System.nanoTime();
                            try {
                                KeepAliveConnection.Answer a = c.send(request, false);
                                long t1 = System.nanoTime();
                                if (a.status() == 200) {
                                    if (n == lat.length) {
                                        lat = Arrays.copyOf(lat, n * 2);
                                    }
                                    lat[n++] = t1 - t0;
                                } else {
                                    errors.incrementAndGet();
                                    statuses.computeIfAbsent(a.status(), s -> new AtomicLong()).incrementAndGet();
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                                statuses.computeIfAbsent(0, s -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            for (Future<long[]> f : futures) {
                perThread.add(f.get());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double serverCpu = cpuSeconds(kc) - serverBefore;
        double dbCpu = postgresCpuSeconds(db) - dbBefore;
        double clientCpu = cpuSeconds(Optional.of(ProcessHandle.current())) - clientBefore;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (!statuses.isEmpty()) {
            System.out.println(kind.label + ": answers other than 200 (0 = I/O error): " + new TreeMap<>(statuses));
        }
        return new Phase(all.length, errors.get(), elapsed, all, serverCpu, clientCpu, dbCpu);
    }

    static void report(Options o, int owners, int keys, Phase[][] perRound, String loadBefore, String loadAfter) {
        int rounds = perRound.length;
        System.out.printf(Locale.ROOT, "%nclients=%d duration=%ds/kind/round rounds=%d warm-up=%ds/kind keys=%d (%d owners: %d users + %d service"
                        + " accounts, %d keys each) client_credentials clients=%d rate limit=%,d/min/key db=%s cores=%d java=%s%n",
                o.clients(), o.seconds(), rounds, o.warmup(), keys, owners, o.users(), o.serviceAccountKeys() ? o.serviceAccounts() : 0,
                o.keysPerOwner(), o.serviceAccounts(), o.rateLimit(),
                o.db(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
        System.out.printf(Locale.ROOT, "%-20s %10s %7s %8s %8s  %-32s %13s %-26s %9s %10s%n", "kind", "req/s", "errors", "p50 ms", "p95 ms",
                "ratio to client_credentials", "server µs/req", "CPU ratio to cc", "db µs/req", "client CPU");
        Phase[] total = new Phase[Kind.values().length];
        for (Kind k : o.kinds()) {
            Phase t = perRound[0][k.ordinal()];
            for (int r = 1; r < rounds; r++) {
                t = t.plus(perRound[r][k.ordinal()]);
            }
            total[k.ordinal()] = t;
        }
        for (Kind k : o.kinds()) {
            Phase t = total[k.ordinal()];
            double[] ratio = ratio(perRound, k, r -> r.perSecond());
            double[] cpu = ratio(perRound, k, r -> 1 / r.serverMicrosPerRequest());
            System.out.printf(Locale.ROOT, "%-20s %10.1f %7d %8.2f %8.2f  %7.2f [%6.2f, %6.2f]          %13.0f %6.2f [%5.2f, %5.2f]       %9.0f %9.0f%%%n",
                    k.label, t.perSecond(), t.errors(), t.percentileMillis(0.5), t.percentileMillis(0.95), ratio[0], ratio[1], ratio[2],
                    t.serverMicrosPerRequest(), cpu[0], cpu[1], cpu[2], t.dbMicrosPerRequest(), 100 * t.clientCpu() / t.seconds());
        }
        int k = SignInBenchmark.orderStatistic(rounds);
        System.out.printf(Locale.ROOT, "ratio: per-round throughput / client_credentials' in the same round, the median of the %d rounds and"
                        + " the interval [%s, %s] of them (sorted), a distribution-free %.1f %% confidence interval for the median ratio%n",
                rounds, k == 1 ? "min" : "#" + k, k == 1 ? "max" : "#" + (rounds + 1 - k), 100 * SignInBenchmark.coverage(rounds, k));
        System.out.println("server µs/req: the Keycloak JVM's CPU time (all threads, GC and background tasks included) per request;"
                + " CPU ratio to cc: client_credentials' µs/req / this kind's, per round, median [interval]; db µs/req: PostgreSQL's"
                + " processes' CPU per request; client CPU: the bench client's own CPU, % of one core");
        if (o.kinds().contains(Kind.VALIDATE)) {
            double[] b = ratio(perRound, Kind.VALIDATE, Phase::perSecond);
            System.out.printf(Locale.ROOT, "goal validation >= 10x client_credentials: %.2fx, %s%n", b[0], b[0] >= 10 ? "met" : "NOT met");
        }
        if (o.kinds().contains(Kind.FLOOR)) {
            double[] f = ratio(perRound, Kind.FLOOR, Phase::perSecond);
            System.out.printf(Locale.ROOT, "yardstick: Keycloak's realm info endpoint answers %.2fx client_credentials' rate on this machine%s%n",
                    f[0], o.kinds().contains(Kind.VALIDATE) ? String.format(Locale.ROOT, "; validation reaches %.0f %% of it",
                            100 * ratio(perRound, Kind.VALIDATE, Phase::perSecond)[0] / f[0]) : "");
        }
        if (o.kinds().contains(Kind.EXCHANGE)) {
            double[] c = ratio(perRound, Kind.EXCHANGE, Phase::perSecond);
            System.out.printf(Locale.ROOT, "goal exchange >= 1x client_credentials: %.2fx, %s%n", c[0], c[0] >= 1 ? "met" : "NOT met");
        }
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (Kind kind : o.kinds()) {
                Phase p = perRound[r][kind.ordinal()];
                line.append(String.format(Locale.ROOT, " %s %.1f/s (%.0f + %.0f db µs CPU/req);", kind.label, p.perSecond(),
                        p.serverMicrosPerRequest(), p.dbMicrosPerRequest()));
            }
            System.out.println(line);
        }
    }

    /** Median and order-statistic interval over the rounds of f(kind) / f(client_credentials). */
    static double[] ratio(Phase[][] perRound, Kind kind, java.util.function.ToDoubleFunction<Phase> f) {
        int n = perRound.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsDouble(perRound[i][kind.ordinal()]) / f.applyAsDouble(perRound[i][Kind.CLIENT_CREDENTIALS.ordinal()]);
        }
        Arrays.sort(r);
        int k = SignInBenchmark.orderStatistic(n);
        return new double[] {n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2, r[k - 1], r[n - k]};
    }

    /**
     * Each kind once more for the round duration under a JFR recording of the server (jcmd JFR.start/stop,
     * settings "profile"), written to DIR/<kind>.jfr, with the hottest methods printed (jfr view hot-methods).
     */
    static void profile(KeycloakNode server, ProcessHandle kc, Requests requests, Options o) throws Exception {
        Files.createDirectories(o.profile());
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (Kind k : o.kinds()) {
            String name = k.name().toLowerCase(Locale.ROOT).replace('_', '-');
            Path file = o.profile().resolve(name + ".jfr");
            tool(bin.resolve("jcmd").toString(), String.valueOf(kc.pid()), "JFR.start", "name=" + name, "settings=profile");
            Phase p = run(server, Optional.of(kc), o.db(), requests, k, o.clients(), o.seconds());
            tool(bin.resolve("jcmd").toString(), String.valueOf(kc.pid()), "JFR.stop", "name=" + name, "filename=" + file);
            System.out.printf(Locale.ROOT, "%nprofile %s: %.1f req/s, %.0f µs server CPU/req, recording %s%n", k.label, p.perSecond(),
                    p.serverMicrosPerRequest(), file);
            System.out.println(tool(bin.resolve("jfr").toString(), "view", "--width", "160", "hot-methods", file.toString()));
            breakdown(file);
        }
    }

    /** Where the server's CPU samples are, by what is on their stack: a sample counts for every part it is inside. */
    static final Map<String, List<String>> PARTS = parts();

    static Map<String, List<String>> parts() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("pack: API keys (apikey.*)", List.of("dev.gatehouse.authenticators.apikey."));
        m.put("pack: counters (rate limit, address budget)", List.of("dev.gatehouse.authenticators.otp.SlotCounters",
                "dev.gatehouse.authenticators.otp.keycloak.ReplicatedCounters", "dev.gatehouse.authenticators.ipbudget."));
        m.put("pack: audit listener (record + append)", List.of("dev.gatehouse.audit."));
        m.put("Keycloak: token endpoint", List.of("org.keycloak.protocol.oidc.endpoints.TokenEndpoint"));
        m.put("Keycloak: token signing (RSA)", List.of("sun.security.rsa.", "org.keycloak.jose.jws.JWSBuilder"));
        m.put("Keycloak: client authentication", List.of("org.keycloak.authentication.ClientAuthenticationFlow",
                "org.keycloak.protocol.oidc.utils.AuthorizeClientUtil"));
        m.put("Keycloak: event store (JPA)", List.of("org.keycloak.events.jpa."));
        m.put("Keycloak: event listeners (all)", List.of("org.keycloak.events.EventBuilder.send"));
        m.put("Keycloak: transaction commit", List.of("org.keycloak.services.DefaultKeycloakTransactionManager.commit"));
        m.put("JDBC (PostgreSQL driver)", List.of("org.postgresql."));
        m.put("Hibernate", List.of("org.hibernate."));
        m.put("Infinispan", List.of("org.infinispan."));
        m.put("JSON (Jackson)", List.of("com.fasterxml.jackson."));
        m.put("Keycloak session create/close", List.of("org.keycloak.services.DefaultKeycloakSession.close",
                "org.keycloak.services.DefaultKeycloakSessionFactory.create"));
        m.put("HTTP: Vert.x/Netty/RESTEasy (whole request)", List.of("io.vertx.", "io.netty.", "org.jboss.resteasy."));
        return m;
    }

    static void breakdown(Path file) throws IOException {
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        PARTS.keySet().forEach(k -> inclusive.put(k, 0));
        Map<String, Integer> threads = new TreeMap<>();
        int samples = 0;
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            jdk.jfr.consumer.RecordedThread thread = e.getThread("sampledThread");
            String name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName().replaceAll("[-#]?\\d+$", "");
            threads.merge(name, 1, Integer::sum);
            List<String> frames = e.getStackTrace().getFrames().stream()
                    .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (frames.stream().anyMatch(f -> part.getValue().stream().anyMatch(f::startsWith))) {
                    inclusive.merge(part.getKey(), 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "CPU samples %d; share of samples with the part on their stack:%n", samples);
        for (Map.Entry<String, Integer> e : inclusive.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-48s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples));
        }
        StringBuilder t = new StringBuilder("  by thread:");
        int all = samples;
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
                .forEach(e -> t.append(String.format(Locale.ROOT, " %s %.1f %%", e.getKey(), 100.0 * e.getValue() / Math.max(1, all))));
        System.out.println(t);
    }

    static String tool(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private ApiKeyBenchmark() {
    }
}
