package dev.gatehouse.audit.listener;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** Runs an action only if the session's transaction commits (metrics must not count rolled-back work). */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(KeycloakSession session, Runnable action) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                action.run();
            }

            @Override
            protected void rollbackImpl() {
                // nothing happened
            }
        });
    }
}
