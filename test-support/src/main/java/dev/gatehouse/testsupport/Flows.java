package dev.gatehouse.testsupport;

import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

/** Authentication flows through Keycloak's admin client. */
public final class Flows {

    private Flows() {
    }

    /**
     * Sets the config of every execution of this authenticator in the flow (sub-flows included), replacing any
     * config it has; a flow with step-up levels may hold the same authenticator more than once. Config aliases are
     * unique in a realm: the second and later get the execution's index appended.
     */
    public static void configure(RealmResource realm, String flow, String providerId, String alias, Map<String, String> config) {
        AuthenticationManagementResource flows = realm.flows();
        int configured = 0;
        for (AuthenticationExecutionInfoRepresentation e : flows.getExecutions(flow)) {
            if (!providerId.equals(e.getProviderId())) {
                continue;
            }
            AuthenticatorConfigRepresentation rep = new AuthenticatorConfigRepresentation();
            rep.setAlias(configured == 0 ? alias : alias + "-" + configured);
            rep.setConfig(config);
            if (e.getAuthenticationConfig() != null) {
                rep.setId(e.getAuthenticationConfig());
                flows.updateAuthenticatorConfig(e.getAuthenticationConfig(), rep);
            } else {
                try (Response r = flows.newExecutionConfig(e.getId(), rep)) {
                    if (r.getStatus() != 201) {
                        throw new IllegalStateException("config for " + providerId + " in " + flow + " -> " + r.getStatus()
                                + " " + r.readEntity(String.class));
                    }
                }
            }
            configured++;
        }
        if (configured == 0) {
            throw new IllegalStateException(providerId + " is not in flow " + flow);
        }
    }
}
