package dev.gatehouse.audit.alert;

/** A rule's configuration is invalid; the message names the option and says what is accepted. */
public class RuleException extends IllegalArgumentException {

    private final String option;

    public RuleException(RuleOption option, String message) {
        super(option.key() + ": " + message);
        this.option = option.key();
    }

    public String option() {
        return option;
    }
}
