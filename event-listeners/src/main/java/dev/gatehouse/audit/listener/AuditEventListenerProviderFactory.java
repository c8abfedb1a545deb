package dev.gatehouse.audit.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.jboss.logging.Logger;

import dev.gatehouse.spi.AuditableEvent;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

import dev.gatehouse.audit.MerkleProofs;
import dev.gatehouse.audit.alert.keycloak.AlertEvaluator;
import dev.gatehouse.audit.delivery.AddressPolicy;
import dev.gatehouse.audit.delivery.TestLimiter;
import dev.gatehouse.audit.delivery.keycloak.DeliveryTask;

/**
 * The audit event listener ({@code gatehouse-audit}). Options ({@code --spi-events-listener--gatehouse-audit--<name>}),
 * read once at start, are declared in {@link #getConfigMetadata()} and tabled in docs/audit-log.md.
 */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-audit";
    private static final Logger LOG = Logger.getLogger(AuditEventListenerProviderFactory.class);

    // Option names and defaults, declared once: getConfigMetadata() and init() both use them, and
    // ConfigDocumentationTest keeps docs/audit-log.md's table equal to the declarations.
    static final String SIGNING_KEY_FILE = "signing-key-file";
    static final String SIGNING_KEY = "signing-key";
    static final String KEY_NAME = "key-name";
    static final String DEFAULT_KEY_NAME = "gatehouse-audit";
    static final String ORIGIN = "origin";
    static final String DEFAULT_ORIGIN = "gatehouse/audit";
    static final String SEAL_INTERVAL = "seal-interval";
    static final long DEFAULT_SEAL_INTERVAL = 2000L;
    static final String HEARTBEAT_INTERVAL = "heartbeat-interval";
    static final long DEFAULT_HEARTBEAT_INTERVAL = 60000L;
    static final String RETENTION = "retention";
    static final String NODE_NAME = "node-name";
    static final String ALERT_INTERVAL = "alert-interval";
    static final long DEFAULT_ALERT_INTERVAL = 1000L;
    static final String DELIVERY_INTERVAL = "delivery-interval";
    static final long DEFAULT_DELIVERY_INTERVAL = 1000L;
    static final String WEBHOOK_ALLOW_PRIVATE = "webhook-allow-private";
    static final String PROOF_BACKFILL_STEP = "proof-backfill-step";
    static final long DEFAULT_PROOF_BACKFILL_STEP = 1 << 16;
    /** One leaf block of the lowest stored level: a smaller step re-hashes more leaves below its mark than it adds. */
    static final long MIN_PROOF_BACKFILL_STEP = 1L << MerkleProofs.STORED_LEVEL;
    /** A step holds the realm's head lock (and seals wait) while it reads and hashes its leaves: keep it to seconds. */
    static final long MAX_PROOF_BACKFILL_STEP = 1 << 20;
    /** POST delivery/test: at most this many per realm and minute on a node. */
    static final int TESTS_PER_MINUTE = 30;
    /** Longest retention: the sealer subtracts it from epoch milliseconds, which must not overflow. */
    static final Duration MAX_RETENTION = Duration.ofDays(36_500);
    /**
     * Key names and origins of C2SP signed notes and checkpoints hold no spaces and no '+' (the verifier key is
     * name+hash+key); we also keep out controls and non-ASCII, so the line reads the same in every tool.
     */
    private static final java.util.regex.Pattern NOTE_NAME = java.util.regex.Pattern.compile("[!-*,-~]+");

    private SigningKey signingKey;
    private String origin;
    private String node;
    private long sealIntervalMillis;
    private long heartbeatMillis;
    private long alertIntervalMillis;
    private long deliveryIntervalMillis;
    private long proofBackfillStep;
    private AddressPolicy webhookAddresses = new AddressPolicy(false);
    private final TestLimiter testLimiter = new TestLimiter(TESTS_PER_MINUTE, 60_000L);
    private Duration retention;
    private AuditMetrics metrics;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, node, metrics);
    }

    @Override
    public void init(Config.Scope config) {
        origin = noteName(ORIGIN, config.get(ORIGIN, DEFAULT_ORIGIN));
        sealIntervalMillis = positive(SEAL_INTERVAL, config.getLong(SEAL_INTERVAL, DEFAULT_SEAL_INTERVAL));
        heartbeatMillis = positive(HEARTBEAT_INTERVAL, config.getLong(HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL));
        alertIntervalMillis = positive(ALERT_INTERVAL, config.getLong(ALERT_INTERVAL, DEFAULT_ALERT_INTERVAL));
        deliveryIntervalMillis = positive(DELIVERY_INTERVAL, config.getLong(DELIVERY_INTERVAL, DEFAULT_DELIVERY_INTERVAL));
        webhookAddresses = new AddressPolicy(config.getBoolean(WEBHOOK_ALLOW_PRIVATE, false));
        proofBackfillStep = config.getLong(PROOF_BACKFILL_STEP, DEFAULT_PROOF_BACKFILL_STEP);
        if (proofBackfillStep < MIN_PROOF_BACKFILL_STEP || proofBackfillStep > MAX_PROOF_BACKFILL_STEP) {
            throw new IllegalStateException("gatehouse-audit: " + PROOF_BACKFILL_STEP + " must be a number of leaves from "
                    + MIN_PROOF_BACKFILL_STEP + " to " + MAX_PROOF_BACKFILL_STEP + ", not " + proofBackfillStep);
        }
        String retentionText = config.get(RETENTION, "");
        try {
            retention = retentionText.isBlank() ? null : Duration.parse(retentionText);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("gatehouse-audit: retention must be an ISO-8601 duration such as P90D, not " + retentionText);
        }
        if (retention != null && (retention.isNegative() || retention.isZero() || retention.compareTo(MAX_RETENTION) > 0)) {
            throw new IllegalStateException("gatehouse-audit: retention must be positive and at most 100 years (P36500D), not " + retentionText);
        }
        node = config.get(NODE_NAME, defaultNodeName());
        signingKey = SigningKey.configure(noteName(KEY_NAME, config.get(KEY_NAME, DEFAULT_KEY_NAME)), config.get(SIGNING_KEY_FILE), config.get(SIGNING_KEY));
        metrics = new AuditMetrics(Metrics.globalRegistry);
    }

    private static String noteName(String name, String value) {
        if (!NOTE_NAME.matcher(value).matches()) {
            throw new IllegalStateException("gatehouse-audit: " + name + " must be printable ASCII without spaces or '+', such as "
                    + (name.equals(ORIGIN) ? DEFAULT_ORIGIN : DEFAULT_KEY_NAME) + ", not \"" + value + "\"");
        }
        return value;
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalStateException("gatehouse-audit: " + name + " must be a positive number of milliseconds, not " + value);
        }
        return value;
    }

    /** Keycloak's own node name when set (--spi-cache-embedded--default--node-name, as Infinispan uses), else host and process id. */
    private static String defaultNodeName() {
        String keycloak = Config.scope("cacheEmbedded", "default").get("nodeName");
        if (keycloak != null && !keycloak.isBlank()) {
            return keycloak;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The server's webhook address policy (option webhook-allow-private). */
    public AddressPolicy webhookAddresses() {
        return webhookAddresses;
    }

    /** The node's limit on test alerts (POST delivery/test). */
    public TestLimiter testLimiter() {
        return testLimiter;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        metrics.bind(factory);
        factory.register(event -> {
            if (event instanceof AuditableEvent auditable) {
                record(factory, auditable);
            }
            if (event instanceof PostMigrationEvent) {
                try (KeycloakSession session = factory.create()) {
                    AuditSealer sealer = new AuditSealer(signingKey, origin, heartbeatMillis, retention, metrics);
                    schedule(session, factory, sealer, sealIntervalMillis);
                    schedule(session, factory, new ProofBackfill(proofBackfillStep), sealIntervalMillis);
                    schedule(session, factory, new AlertEvaluator(metrics, retention != null ? retention : AlertEvaluator.DEFAULT_RETENTION), alertIntervalMillis);
                    schedule(session, factory, new DeliveryTask(webhookAddresses, metrics), deliveryIntervalMillis);
                }
            }
        });
    }

    /** On Keycloak's timer, run by one node of the cluster at a time. */
    private static void schedule(KeycloakSession session, KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        session.getProvider(TimerProvider.class).schedule(new ClusterAwareScheduledTaskRunner(factory, task, intervalMillis),
                intervalMillis, intervalMillis);
    }

    /**
     * Records another pack module's event (a vault fetch, say) in the session's transaction, as Keycloak's own
     * events are, and a failed one in a transaction of its own; only for realms that enabled the listener.
     */
    private void record(KeycloakSessionFactory factory, AuditableEvent event) {
        if (event.realmId() == null) {
            return;
        }
        KeycloakSession session = event.session();
        try {
            if (session != null && session.getTransactionManager().isActive() && event.error() == null) {
                recordIn(session, event);
            } else {
                // A failure gets a transaction of its own, as Keycloak stores error events: the request that met
                // it (an SMTP test with a missing vault secret, say) often rolls back, and the failure happened anyway.
                KeycloakModelUtils.runJobInTransaction(factory, s -> recordIn(s, event));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "gatehouse-audit: could not record %s of realm %s", event.type(), event.realmId());
        }
    }

    private void recordIn(KeycloakSession session, AuditableEvent event) {
        RealmModel realm = session.realms().getRealm(event.realmId());
        if (realm != null && realm.getEventsListenersStream().anyMatch(PROVIDER_ID::equals)) {
            new AuditEventListenerProvider(session, node, metrics).onAuditable(event);
        }
    }

    /** The verifier key of the signing key, or null when checkpoints are unsigned (or the vault key is not resolved yet). */
    public String verifierKey() {
        return signingKey.verifierKey();
    }

    public boolean signed() {
        return signingKey.configured();
    }

    public AuditMetrics metrics() {
        return metrics;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(SIGNING_KEY_FILE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("File with the base64 32-byte Ed25519 seed that signs checkpoints. Set but unreadable: the server refuses to start.").add()
                .property().name(SIGNING_KEY).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The seed as a ${vault.…} reference, resolved in the master realm's vault context (a literal key is refused: "
                        + "it would sit in shell history and process lists). Looked up on each seal until it resolves, so a vault that is "
                        + "down at boot delays sealing and loses nothing. Set this or signing-key-file; with neither, checkpoints are unsigned "
                        + "and Keycloak warns at start.").add()
                .property().name(KEY_NAME).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_KEY_NAME)
                .helpText("The key's name in signed notes and the verifier key: printable ASCII without spaces or '+'.").add()
                .property().name(ORIGIN).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_ORIGIN)
                .helpText("Checkpoint origin prefix, printable ASCII without spaces or '+'; the realm name is appended.").add()
                .property().name(SEAL_INTERVAL).type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_SEAL_INTERVAL))
                .helpText("Milliseconds between seals.").add()
                .property().name(HEARTBEAT_INTERVAL).type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_HEARTBEAT_INTERVAL))
                .helpText("Milliseconds after which an idle log gets a fresh checkpoint (same size and root, new time), "
                        + "so \"nothing happened\" differs from \"the log stopped\".").add()
                .property().name(RETENTION).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("ISO-8601 duration (e.g. P365D, at most P36500D) after which sealed records lose their payloads under a signed prune checkpoint. "
                        + "Unset: keep forever. Fired alerts (docs/audit-alerts.md) are deleted after it too, after 90 days when unset.").add()
                .property().name(ALERT_INTERVAL).type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_ALERT_INTERVAL))
                .helpText("Milliseconds between evaluations of the alert rules over newly sealed records.").add()
                .property().name(DELIVERY_INTERVAL).type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_DELIVERY_INTERVAL))
                .helpText("Milliseconds between passes over the alert outbox (due webhook and mail deliveries).").add()
                .property().name(WEBHOOK_ALLOW_PRIVATE).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Let webhooks reach loopback, private, link-local, unique-local and cloud metadata addresses "
                        + "(checked on the resolved address before each attempt). Off in production; tests and dev.sh turn it on.").add()
                .property().name(PROOF_BACKFILL_STEP).type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_PROOF_BACKFILL_STEP))
                .helpText("Leaves hashed per step (one per seal-interval) of the proof-node backfill of logs sealed before nodes were kept, "
                        + "256 to 1048576; a step ends at a checkpoint, so it is longer where checkpoints are further apart. "
                        + "A step holds the realm's head lock: seals of that realm wait for it.").add()
                .property().name(NODE_NAME).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The node recorded in each record. Default: Keycloak's cache-embedded node name when set, else host-pid.").add()
                .build();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
