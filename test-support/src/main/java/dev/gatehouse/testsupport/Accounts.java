package dev.gatehouse.testsupport;

import java.util.List;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Test accounts through Keycloak's admin client: built as representations, created by one partial import.
 *
 * <p>The demo realm's MFA policy requires a second factor of everyone (docs/mfa-policy.md). Tests about something
 * else create users with {@link #user}, which puts them in the exempt group {@link #MFA_EXEMPT}, so their sign-ins
 * are what they were before the policy; a test of the policy takes a user out with {@link #underMfaPolicy}.
 */
public final class Accounts {

    /** The demo realm's group exempt from the MFA policy's default. */
    public static final String MFA_EXEMPT = "/mfa-exempt";

    private Accounts() {
    }

    /**
     * An enabled user with this address; first name = username, last name "Tester" (the user profile wants both);
     * member of {@link #MFA_EXEMPT}.
     */
    public static UserRepresentation user(String username, String email, boolean emailVerified, CredentialRepresentation... credentials) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(email);
        user.setEmailVerified(emailVerified);
        user.setFirstName(username);
        user.setLastName("Tester");
        user.setCredentials(List.of(credentials));
        user.setGroups(List.of(MFA_EXEMPT));
        return user;
    }

    /** The same user without the exemption: the realm's MFA policy applies to them (its groups can be set after). */
    public static UserRepresentation underMfaPolicy(UserRepresentation user) {
        user.setGroups(List.of());
        return user;
    }

    public static CredentialRepresentation password(String value) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(value);
        password.setTemporary(false);
        return password;
    }

    /** The pack's email-code credential: it holds no secret, only says the user signs in with mailed codes. */
    public static CredentialRepresentation emailCode() {
        CredentialRepresentation emailCode = new CredentialRepresentation();
        emailCode.setType("gatehouse-email-code");
        emailCode.setSecretData("{}");
        emailCode.setCredentialData("{}");
        return emailCode;
    }

    /** An authenticator app (TOTP, Keycloak's defaults) with this secret; {@link Totp#code} gives its current code. */
    public static CredentialRepresentation totp(String secret, String label) {
        CredentialRepresentation totp = new CredentialRepresentation();
        totp.setType("otp");
        totp.setUserLabel(label);
        totp.setSecretData("{\"value\":\"" + secret + "\"}");
        totp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        return totp;
    }

    /** Creates the users in one partial import; {@code ifExists} is FAIL, SKIP or OVERWRITE. */
    public static void create(RealmResource realm, PartialImportRepresentation.Policy ifExists, List<UserRepresentation> users) {
        PartialImportRepresentation rep = new PartialImportRepresentation();
        rep.setIfResourceExists(ifExists.name());
        rep.setUsers(users);
        try (Response r = realm.partialImport(rep)) {
            if (r.getStatus() != 200) {
                throw new IllegalStateException("partial import of " + users.size() + " users -> " + r.getStatus() + " "
                        + r.readEntity(String.class));
            }
        }
    }

    /** The id of the user with exactly this username. */
    public static String id(RealmResource realm, String username) {
        List<UserRepresentation> found = realm.users().searchByUsername(username, true);
        if (found.isEmpty()) {
            throw new IllegalStateException("no user " + username);
        }
        return found.get(0).getId();
    }
}
