package dev.gatehouse.authenticators.ipbudget.keycloak;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** {@code gatehouse-username-password-form}: Keycloak's form (same reference category, password) with the address budget. */
public class BudgetedUsernamePasswordFormFactory extends UsernamePasswordFormFactory {

    public static final String PROVIDER_ID = "gatehouse-username-password-form";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Gatehouse: Username Password Form (address budget)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form, refusing an address that has used up the realm's budget of "
                + "failed first factors (gatehouse-mfa-enrol required action config) before the password is checked.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new BudgetedUsernamePasswordForm(session);
    }
}
