package dev.gatehouse.audit.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import dev.gatehouse.audit.SignedNote;

/**
 * The audit event listener ({@code gatehouse-audit}). Options, read once at start:
 * {@code --spi-events-listener--gatehouse-audit--signing-key-file}, {@code --…--key-name},
 * {@code --…--origin}, {@code --…--seal-interval}, {@code --…--heartbeat-interval}.
 */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "gatehouse-audit";
    private static final Logger LOG = Logger.getLogger(AuditEventListenerProviderFactory.class);

    private SignedNote.Signer signer;
    private String origin;
    private long sealIntervalMillis;
    private long heartbeatMillis;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        origin = config.get("origin", "gatehouse/audit");
        sealIntervalMillis = config.getLong("seal-interval", 2000L);
        heartbeatMillis = config.getLong("heartbeat-interval", 60000L);
        String keyFile = config.get("signing-key-file");
        String keyName = config.get("key-name", "gatehouse-audit");
        if (keyFile == null || keyFile.isBlank()) {
            LOG.warn("gatehouse-audit: no signing-key-file: checkpoints are NOT signed; an attacker with database "
                    + "access can rewrite the log and its checkpoints together (see the README's threat model)");
            return;
        }
        try {
            byte[] seed = Base64.getDecoder().decode(Files.readString(Path.of(keyFile)).trim());
            signer = new SignedNote.Signer(keyName, seed);
            LOG.infof("gatehouse-audit: checkpoints signed; verifier key %s", signer.verifierKey());
        } catch (IOException | IllegalArgumentException e) {
            // Refuse to start half-configured: a key that was asked for and can't be read is an admin error.
            throw new IllegalStateException("gatehouse-audit: cannot read signing-key-file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                try (KeycloakSession session = factory.create()) {
                    session.getProvider(TimerProvider.class).schedule(new ClusterAwareScheduledTaskRunner(factory,
                            new AuditSealer(signer, origin, heartbeatMillis), sealIntervalMillis), sealIntervalMillis, sealIntervalMillis);
                }
            }
        });
    }

    /** The verifier key of the signing key, or null when checkpoints are unsigned. */
    String verifierKey() {
        return signer == null ? null : signer.verifierKey();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("signing-key-file").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("File holding the base64 32-byte Ed25519 seed that signs checkpoints. Unset: unsigned checkpoints.").add()
                .property().name("key-name").type(ProviderConfigProperty.STRING_TYPE).defaultValue("gatehouse-audit")
                .helpText("Name of the signing key in signed notes and the verifier key.").add()
                .property().name("origin").type(ProviderConfigProperty.STRING_TYPE).defaultValue("gatehouse/audit")
                .helpText("Origin line prefix of checkpoints; the realm name is appended.").add()
                .property().name("seal-interval").type(ProviderConfigProperty.STRING_TYPE).defaultValue("2000")
                .helpText("Milliseconds between seals.").add()
                .property().name("heartbeat-interval").type(ProviderConfigProperty.STRING_TYPE).defaultValue("60000")
                .helpText("Milliseconds after which an idle log gets a fresh checkpoint.").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
