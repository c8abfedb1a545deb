package dev.gatehouse.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/** The users of realm-config/demo-realm.json as tests that are not about them need them. */
public final class DemoUsers {

    /** The required action that asks bob for a phone number at his next sign-in. */
    public static final String PHONE_ENROLMENT = "gatehouse-sms-code-setup";

    private DemoUsers() {
    }

    /**
     * Makes bob a user with a password only, as he was before SMS codes: drops his pending phone enrolment, so a
     * password sign-in ends at the client (level 1) instead of at the enrolment page.
     */
    public static void bobWithPasswordOnly(RealmResource demo) {
        UserResource bob = demo.users().get(Accounts.id(demo, "bob"));
        UserRepresentation rep = bob.toRepresentation();
        List<String> actions = new ArrayList<>(rep.getRequiredActions());
        if (actions.remove(PHONE_ENROLMENT)) {
            rep.setRequiredActions(actions);
            bob.update(rep);
            // Keycloak drops only required actions whose provider is deployed; say so rather than fail at sign-in.
            if (bob.toRepresentation().getRequiredActions().contains(PHONE_ENROLMENT)) {
                throw new IllegalStateException(PHONE_ENROLMENT + " stays on bob: is its provider deployed?");
            }
        }
    }
}
