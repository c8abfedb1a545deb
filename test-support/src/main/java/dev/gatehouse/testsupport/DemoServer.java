package dev.gatehouse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.store.FolderException;
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

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    /** The server {@link #shared()} hands from one test class to the next; test code only, one test JVM. */
    private static DemoServer shared;

    private final GreenMail mail;
    private final KeycloakNode node;
    private final boolean isShared;

    private DemoServer(GreenMail mail, KeycloakNode node, boolean isShared) {
        this.mail = mail;
        this.node = node;
        this.isShared = isShared;
    }

    /**
     * The demo server (with {@link TestClock}) shared by the test classes that need no other options: one Keycloak
     * start for all of them instead of one each. Each class gets it as if new: the demo realm deleted and imported
     * afresh from realm-config/demo-realm.json (a new realm id, so no user, session, counter, budget or audit
     * chain carries over), an empty mailbox, the real clock, and {@link KeycloakNode#logMatches} reading only
     * the log from here on. {@link #close()} leaves it running; it stops when the test JVM exits.
     */
    public static synchronized DemoServer shared() {
        if (shared != null && shared.node.isRunning()) {
            shared.reset();
            return shared;
        }
        DemoServer started = start("shared-demo", TestClock.providerDir());
        shared = new DemoServer(started.mail, started.node, true);
        return shared;
    }

    private void reset() {
        new TestClock(node.baseUrl()).offset(0);
        node.closeAdminClient(); // its session may have expired while a class had moved the clock
        node.adminClient().realm("demo").remove();
        createRealm("demo", demoRealmJson());
        try {
            mail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
        node.markLog();
    }

    /**
     * Imports a copy of the demo realm (flows, clients, settings; no users) under another name, once: for tests
     * across realms on one server. Returns false when it was there already.
     */
    public boolean importDemoCopy(String name) {
        if (node.adminClient().realms().findAll().stream().anyMatch(r -> name.equals(r.getRealm()))) {
            return false;
        }
        String json = demoRealmJson();
        // fixed ids (a flow a client binds to) are unique server-wide: the copy gets its own
        Matcher ids = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(json);
        while (ids.find()) {
            json = json.replace(ids.group(1), UUID.randomUUID().toString()); // the id and its references
        }
        ObjectNode rep = (ObjectNode) Json.parse(json);
        rep.remove("id");
        rep.remove("users");
        rep.put("realm", name);
        createRealm(name, Json.write(rep));
        return true;
    }

    private void createRealm(String name, String json) {
        HttpResponse<String> created = node.admin().call("POST", "/realms", json);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("importing realm " + name + " gave HTTP " + created.statusCode() + ": " + created.body());
        }
    }

    /** The realm file with its ${VAR:default} placeholders resolved as --import-realm does for this server. */
    private String demoRealmJson() {
        Map<String, String> env = Map.of("GATEHOUSE_SMTP_HOST", "127.0.0.1", "GATEHOUSE_SMTP_PORT", String.valueOf(smtpPort()));
        try {
            String json = Files.readString(BuildInfo.realmConfig("demo"));
            return ENV_PLACEHOLDER.matcher(json).replaceAll(m -> Matcher.quoteReplacement(
                    env.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            return new DemoServer(mail, node, false);
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
        if (isShared) {
            return;
        }
        try {
            node.stop();
        } finally {
            mail.stop();
        }
    }
}
