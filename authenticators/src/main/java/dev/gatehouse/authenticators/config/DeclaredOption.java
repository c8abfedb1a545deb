package dev.gatehouse.authenticators.config;

/** An option declared once (an enum constant of SmsOption, TrustOption…): its config key and its default. Plain Java. */
public interface DeclaredOption {

    String key();

    String defaultValue();
}
