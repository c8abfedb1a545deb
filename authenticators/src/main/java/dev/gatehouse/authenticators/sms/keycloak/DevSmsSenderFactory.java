package dev.gatehouse.authenticators.sms.keycloak;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The {@code dev} sender: a file outbox and the log, never the default. The server enables it with
 * {@code --spi-gatehouse-sms-sender--dev--enabled=true} (as {@code ./dev.sh} does) and may move the outbox with
 * {@code --spi-gatehouse-sms-sender--dev--outbox=<file>}.
 *
 * <p>{@code enabled} is also Keycloak's own switch for loading a provider ({@code DefaultKeycloakSessionFactory}
 * loads it unless the option is false) and, like every {@code --spi-…--enabled}, a build-time option: unset, the
 * factory loads but reads it as false, so a realm that picks {@code dev} gets a refusal and an admin warning;
 * set to false, the provider isn't loaded at all.
 */
public final class DevSmsSenderFactory implements SmsSenderProviderFactory {

    public static final String ID = "dev";
    public static final String ENABLED = "enabled";
    public static final String OUTBOX = "outbox";
    /** The outbox's file name in Keycloak's data directory, when {@link #OUTBOX} is not set. */
    public static final String OUTBOX_FILE = "gatehouse-sms-outbox.jsonl";

    private static final Logger LOG = Logger.getLogger(DevSmsSenderFactory.class);

    private DevOutbox outbox;

    @Override
    public void init(Config.Scope config) {
        if (!config.getBoolean(ENABLED, false)) {
            outbox = null;
            return;
        }
        String configured = config.get(OUTBOX);
        outbox = new DevOutbox(configured == null || configured.isBlank() ? defaultOutbox() : Path.of(configured.trim()));
        LOG.warnf("gatehouse sms: the dev sender is enabled: messages, with their codes and full numbers, go to %s "
                + "and to this log. For development only.", outbox.file().toAbsolutePath());
    }

    /** {@code data/gatehouse-sms-outbox.jsonl} under Keycloak's home ({@code kc.home.dir}); the temp dir without one. */
    static Path defaultOutbox() {
        String home = System.getProperty("kc.home.dir");
        return home != null && !home.isBlank()
                ? Path.of(home, "data", OUTBOX_FILE)
                : Path.of(System.getProperty("java.io.tmpdir"), OUTBOX_FILE);
    }

    @Override
    public SmsSenderProvider create(KeycloakSession session) {
        return new DevSmsSender(outbox, Clock.systemUTC());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ENABLED).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .label("Enable the dev sender")
                .helpText("Lets realms use the dev sender, which writes every message (code and full number included) "
                        + "to the outbox file and the log. Default false; for development only. A build-time option.")
                .add()
                .property().name(OUTBOX).type(ProviderConfigProperty.STRING_TYPE)
                .label("Outbox file")
                .helpText("The JSON-lines file the dev sender appends to. Default: data/" + OUTBOX_FILE
                        + " in Keycloak's home directory.")
                .add()
                .build();
    }
}
