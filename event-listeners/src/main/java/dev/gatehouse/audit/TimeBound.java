package dev.gatehouse.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The {@code from} and {@code to} bounds of a record query, in epoch milliseconds, both inclusive. A bound is
 * epoch milliseconds, an ISO-8601 instant or a bare date (UTC): a date starts its day as {@code from} and ends it
 * as {@code to}, so {@code from=D&to=D} is the whole of day D. Anything else, including instants beyond what
 * epoch milliseconds can hold, is an {@link IllegalArgumentException} whose message names the parameter.
 */
public enum TimeBound {
    FROM("from"),
    TO("to");

    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final String parameter;

    TimeBound(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    public long parse(String value) {
        try {
            if (MILLIS.matcher(value).matches()) {
                return Long.parseLong(value);
            }
            if (DATE.matcher(value).matches()) {
                LocalDate day = LocalDate.parse(value);
                return this == FROM ? startOf(day) : startOf(day.plusDays(1)) - 1;
            }
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            // DateTimeParseException is a DateTimeException; ArithmeticException: an instant beyond epoch millis.
            throw new IllegalArgumentException(parameter
                    + " must be epoch milliseconds, an ISO-8601 instant or a date (YYYY-MM-DD), within years -292275055 to 292278994");
        }
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
