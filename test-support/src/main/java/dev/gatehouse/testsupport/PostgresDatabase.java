package dev.gatehouse.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL that multi-node and database tests use. Connection settings come from the environment
 * (GATEHOUSE_PG_HOST, _PORT, _USER, _PASSWORD, _DATABASE), with the defaults scripts/postgres-up.sh creates.
 */
public record PostgresDatabase(String host, int port, String user, String password, String database) {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    public static PostgresDatabase fromEnvironment() {
        return new PostgresDatabase(
                env("GATEHOUSE_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env("GATEHOUSE_PG_PORT", "5432")),
                env("GATEHOUSE_PG_USER", "gatehouse"),
                env("GATEHOUSE_PG_PASSWORD", "gatehouse"),
                env("GATEHOUSE_PG_DATABASE", "gatehouse"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Why the database can't be used, or empty when it can. */
    public Optional<String> unavailableReason() {
        try (Connection c = connect()) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("PostgreSQL not reachable at " + jdbcUrl() + " as " + user + " (" + e.getMessage()
                    + "); run scripts/postgres-up.sh as root, or set GATEHOUSE_PG_* to a server you have");
        }
    }

    /** Skips the calling test, with the reason, when there is no PostgreSQL. */
    public PostgresDatabase assumeAvailable() {
        Optional<String> reason = unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        return this;
    }

    /** Drops and recreates a schema, so each run starts from an empty database. */
    public void recreateSchema(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("bad schema name " + schema);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Keycloak runtime options pointing at this database and schema. */
    public List<String> keycloakOptions(String schema) {
        return List.of("--db-url=" + jdbcUrl(), "--db-username=" + user, "--db-password=" + password, "--db-schema=" + schema);
    }

    /** The same database reached through another port (a {@link TcpProxy} in front of it). */
    public PostgresDatabase via(String otherHost, int otherPort) {
        return new PostgresDatabase(otherHost, otherPort, user, password, database);
    }

    private static String env(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : v;
    }
}
