package dev.gatehouse.authenticators.otp;

/** The constant-time comparison of a typed code with one challenge's code. */
@FunctionalInterface
public interface CodeMatcher {

    boolean matches(String typed);
}
