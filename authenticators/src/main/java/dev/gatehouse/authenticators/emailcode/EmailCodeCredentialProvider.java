package dev.gatehouse.authenticators.emailcode;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

import dev.gatehouse.authenticators.otp.keycloak.CodeCredentialProvider;

/** Makes email codes a credential: listed under "Signing in" in the account console, removable there. */
public class EmailCodeCredentialProvider extends CodeCredentialProvider<EmailCodeCredentialModel> {

    private static final Labels LABELS = new Labels(EmailCodeCredentialModel.TYPE, "gatehouse-emailCodeDisplayName",
            "gatehouse-emailCodeHelpText", EmailCodeSetupActionFactory.PROVIDER_ID);

    public EmailCodeCredentialProvider(KeycloakSession session) {
        super(session, LABELS);
    }

    @Override
    public EmailCodeCredentialModel getCredentialFromModel(CredentialModel model) {
        return EmailCodeCredentialModel.from(model);
    }
}
