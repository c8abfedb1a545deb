package dev.gatehouse.authenticators.apikey;

import java.time.LocalDate;

/** Uses and refused uses of one key on one day (UTC). Plain Java. */
public record DailyUsage(LocalDate day, long uses, long failures) {
}
