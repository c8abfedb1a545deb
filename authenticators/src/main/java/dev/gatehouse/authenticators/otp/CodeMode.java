package dev.gatehouse.authenticators.otp;

/** Why a code is sent. Keeps the codes of different steps of one sign-in apart. */
public enum CodeMode {
    /** After a proven first factor (a password). */
    SECOND_FACTOR("second-factor", true),
    /** Before authentication: anyone who knows an address can ask. */
    PASSWORDLESS("passwordless", false),
    /** A signed-in user proves an address to opt in. */
    SETUP("setup", true);

    private final String id;
    private final boolean proven;

    CodeMode(String id, boolean proven) {
        this.id = id;
        this.proven = proven;
    }

    /** The name in notes, events and templates. */
    public String id() {
        return id;
    }

    /**
     * Whether the requester proved who they are before the send. Sends anyone can trigger and sends after a
     * proven factor are counted in separate budgets, so strangers can't use up the budget of a real sign-in.
     */
    public boolean proven() {
        return proven;
    }

    /** The budget class ("proven" or "open") in counter keys and events. */
    public String budgetClass() {
        return proven ? "proven" : "open";
    }
}
