package dev.gatehouse.authenticators.loa;

/**
 * The level a client asked for, and whether it demanded it (an essential {@code acr} claim) or only wished for it
 * ({@code acr_values}, default ACR). Plain Java.
 *
 * @param requested the requested level, or a negative number when none was asked for
 * @param essential whether the client refuses a lower level
 */
public record LevelRequest(int requested, boolean essential) {

    /** A wish is never refused (the token's acr then says the lower level); a demand is refused below its level. */
    public boolean refuses(int reached) {
        return essential && reached < requested;
    }
}
