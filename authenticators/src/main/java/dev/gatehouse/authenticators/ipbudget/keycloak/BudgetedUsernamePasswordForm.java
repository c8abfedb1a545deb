package dev.gatehouse.authenticators.ipbudget.keycloak;

import java.time.Duration;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's username and password form with the address budget. A form's POST goes straight to its own
 * execution's {@code action()} (AuthenticationProcessor: earlier executions aren't run again), so the check sits
 * here, in {@link #validateForm}, the step of {@code UsernamePasswordForm.action()} that checks the password: a
 * refused address gets the same cheap answer whatever the username, and learns nothing about the account. Every
 * submission the password step turns away counts (wrong password, unknown user, empty fields, a locked or disabled
 * account). A passkey on the same page (conditional UI) is not gated: it can't be guessed.
 */
public class BudgetedUsernamePasswordForm extends UsernamePasswordForm {

    public BudgetedUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Duration wait = AddressBudgetGate.of(context).refusal();
        if (wait != null) {
            // The session keeps one LoginFormsProvider (KeycloakSession.getProvider), which super then draws.
            AddressBudgetGate.inform(context.form(), wait);
        }
        super.authenticate(context);
    }

    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        AddressBudgetGate gate = AddressBudgetGate.of(context);
        Duration wait = gate.refusal();
        if (wait != null) {
            // challenge() draws the session's one form provider, the one refuse() set the message and status on
            gate.refuse(wait, form -> challenge(context, null, null));
            return false;
        }
        if (super.validateForm(context, formData)) {
            return true;
        }
        gate.countFailure();
        return false;
    }
}
