package dev.gatehouse.audit.delivery;

/**
 * How long one delivery pass may send, and how long each claimed row is leased. A pass sends its rows one after
 * another off the timer thread; each attempt has a hard wall-clock deadline ({@link #attemptMillis}), so the pass
 * ends by the sum of its rows' deadlines. Claiming stops once that sum would pass {@code budgetMillis} (a pass
 * always takes at least one row), and each row's lease is the pass start plus the deadlines up to and including
 * its own, plus a margin: another node never claims a row while this pass may still be sending it.
 */
public final class PassPlan {

    /** Keycloak's SMTP client: 10 s each for connect, read and write; one conversation per address. */
    public static final long MAIL_ADDRESS_MILLIS = 30_000L;

    private final long start;
    private final long budgetMillis;
    private final long marginMillis;
    private long planned;
    private int rows;

    public PassPlan(long start, long budgetMillis, long marginMillis) {
        this.start = start;
        this.budgetMillis = budgetMillis;
        this.marginMillis = marginMillis;
    }

    /** The wall-clock deadline of one attempt to this destination: its timeout (webhook) or a budget per address (mail). */
    public static long attemptMillis(Destination d) {
        return d.type() == Destination.Type.WEBHOOK ? d.timeoutMillis() : MAIL_ADDRESS_MILLIS * Math.max(1, d.emails().size());
    }

    /** Whether a row to {@code d} still fits in this pass. */
    public boolean fits(Destination d) {
        return rows == 0 || planned + attemptMillis(d) <= budgetMillis;
    }

    /** Plans a row to {@code d}; its lease (the time before which no other pass may claim it). */
    public long add(Destination d) {
        planned += attemptMillis(d);
        rows++;
        return start + planned + marginMillis;
    }
}
