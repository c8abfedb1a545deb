package dev.gatehouse.authenticators.apikey.keycloak.rest;

import java.util.List;

/** Usage of one key: per day (UTC, newest first, days without use left out), totals and the last use. */
public class ApiKeyUsageRepresentation {
    public String keyId;
    public Long lastUsedAt;
    public String lastUsedIp;
    public long uses;
    public long failures;
    public List<Day> days;

    public static class Day {
        /** ISO date (UTC). */
        public String day;
        public long uses;
        public long failures;
    }
}
