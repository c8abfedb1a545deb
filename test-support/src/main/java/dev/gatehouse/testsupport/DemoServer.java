package dev.gatehouse.testsupport;

import java.nio.file.Path;
import java.util.Map;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * The demo stack as ./dev.sh runs it: a stock Keycloak with the deployable set, realm-config/demo-realm.json
 * imported with --import-realm, and a real SMTP server (GreenMail, in-process) behind the realm.
 */
public final class DemoServer implements AutoCloseable {

    private static final Pattern CODE_IN_MAIL = Pattern.compile("(?m)^\\s+(\\d{4,10})\\s*$");

    private final GreenMail mail;
    private final KeycloakNode node;

    private DemoServer(GreenMail mail, KeycloakNode node) {
        this.mail = mail;
        this.node = node;
    }

    /** The demo server, with any further provider folders installed (e.g. {@link TestClock#providerDir()}). */
    public static DemoServer start(String name, Path... extraProviders) {
        return start(name, Map.of(), extraProviders);
    }

    /**
     * The demo server with further environment variables, e.g. a provider option as
     * {@code KC_SPI_CONNECTIONS_HTTP_CLIENT__DEFAULT__SOCKET_TIMEOUT_MILLIS}.
     */
    public static DemoServer start(String name, Map<String, String> env, Path... extraProviders) {
        GreenMail mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            KeycloakNode node = KeycloakNode.fresh(name).withProviders(BuildInfo.providersDir());
            for (Path dir : extraProviders) {
                node.withProviders(dir);
            }
            env.forEach(node::withEnv);
            node = node
                    .withImport(BuildInfo.realmConfig("demo"))
                    .withEnv("GATEHOUSE_SMTP_HOST", "127.0.0.1")
                    .withEnv("GATEHOUSE_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()))
                    .startDev("--import-realm");
            return new DemoServer(mail, node);
        } catch (RuntimeException e) {
            mail.stop();
            throw e;
        }
    }

    public KeycloakNode node() {
        return node;
    }

    public GreenMail mail() {
        return mail;
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    public int mailsTo(String address) {
        return mail.getReceivedMessagesForDomain(address).length;
    }

    /** The one-time code in the newest mail to an address, once {@code count} mails have arrived (15 s at most). */
    public String codeFromMail(String address, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (mailsTo(address) < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        MimeMessage[] messages = mail.getReceivedMessagesForDomain(address);
        if (messages.length != count) {
            throw new AssertionError(messages.length + " mails to " + address + ", expected " + count);
        }
        Matcher m = CODE_IN_MAIL.matcher(GreenMailUtil.getWholeMessage(messages[messages.length - 1]));
        if (!m.find()) {
            throw new AssertionError("no code in the newest mail to " + address);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        try {
            node.stop();
        } finally {
            mail.stop();
        }
    }
}
