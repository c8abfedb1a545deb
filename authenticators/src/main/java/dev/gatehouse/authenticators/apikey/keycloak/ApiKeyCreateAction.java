package dev.gatehouse.authenticators.apikey.keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.gatehouse.authenticators.apikey.ApiKeySettings;
import dev.gatehouse.authenticators.apikey.keycloak.rest.ApiKeyRepresentations;

/**
 * "Set up" of API keys in the account console (kc_action {@code gatehouse-api-key}): a form (name, the roles and
 * client scopes the user holds, validity in days), then the key, shown on that one response and never again.
 *
 * <p>The key never enters the authentication session (it is replicated): only the new key's id is noted there, so
 * that a reload or a second post shows the page without the key and creates nothing more. A form value the user
 * could not have picked (a role not offered, days out of range) is refused with a message; nothing the user sent
 * is shown back.
 */
public class ApiKeyCreateAction implements RequiredActionProvider, CredentialRegistrator {

    /** Auth note: the id of the key this run of the action created. */
    static final String ISSUED_NOTE = "gatehouse-api-key-issued";
    static final String CREATE_PAGE = "gatehouse-api-key-create.ftl";
    static final String CREATED_PAGE = "gatehouse-api-key-created.ftl";
    static final String MODEL = "gatehouseApiKey";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authSession) {
        return ApiKeyCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // asked for by the account console (kc_action) or set on a user by an admin
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (context.getAuthenticationSession().getAuthNote(ISSUED_NOTE) != null) {
            context.challenge(createdPage(context, null, null));
            return;
        }
        context.challenge(createPage(context, null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(ISSUED_NOTE) != null) {
            // "I have saved it" (or any later post): done, nothing more is created
            authSession.removeAuthNote(ISSUED_NOTE);
            context.success();
            return;
        }
        ApiKeys keys = ApiKeys.of(context.getSession());
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        ApiKeySettings settings = keys.settings(realm);
        if (!ManagedKeys.selfService(realm, settings)) {
            context.challenge(createPage(context, "gatehouse-apiKey-userKeysOff", null));
            return;
        }
        MultivaluedMap<String, String> input = context.getHttpRequest().getDecodedFormParameters();
        String name = input.getFirst("name") == null ? "" : input.getFirst("name").strip();
        if (name.isEmpty() || name.length() > ApiKeys.MAX_NAME) {
            context.challenge(createPage(context, "gatehouse-apiKey-nameRequired", null));
            return;
        }
        Integer days = days(input.getFirst("days"), settings);
        if (days == null) {
            context.challenge(createPage(context, "gatehouse-apiKey-badDays", Integer.toString(settings.maxExpiryDays())));
            return;
        }
        List<String> roles = values(input, "role");
        List<String> scopes = values(input, "scope");
        if (!keys.grantableRoles(realm, user).containsAll(roles) || !keys.grantableScopes(realm, user).containsAll(scopes)) {
            context.challenge(createPage(context, "gatehouse-apiKey-notHeld", null));
            return;
        }
        ApiKeys.Issued issued;
        try {
            issued = keys.issue(realm, user, ApiKeys.NewKey.of(name, roles, scopes, days), user);
        } catch (ApiKeyException e) {
            context.challenge(switch (e.status()) {
                case 409 -> createPage(context, "gatehouse-apiKey-tooMany", Integer.toString(settings.maxKeysPerOwner()));
                case 503 -> createPage(context, "gatehouse-apiKey-unavailable", null);
                default -> createPage(context, "gatehouse-apiKey-notHeld", null);
            });
            return;
        }
        authSession.setAuthNote(ISSUED_NOTE, issued.record().id());
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, ApiKeyCredentialModel.TYPE)
                .detail("gatehouse_api_key", issued.record().id()).success();
        context.challenge(createdPage(context, issued.key(), issued));
    }

    /** The days asked, when a whole number from 1 to the realm maximum; else null. */
    static Integer days(String text, ApiKeySettings settings) {
        if (text == null || text.isBlank() || text.strip().length() > 5) {
            return null;
        }
        try {
            int days = Integer.parseInt(text.strip());
            return days >= 1 && days <= settings.maxExpiryDays() ? days : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> values(MultivaluedMap<String, String> input, String name) {
        List<String> given = input.get(name);
        return given == null ? List.of() : given.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
    }

    private static Response createPage(RequiredActionContext context, String error, String errorParameter) {
        ApiKeys keys = ApiKeys.of(context.getSession());
        RealmModel realm = context.getRealm();
        ApiKeySettings settings = keys.settings(realm);
        boolean allowed = ManagedKeys.selfService(realm, settings);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("allowed", allowed);
        model.put("nameMax", ApiKeys.MAX_NAME);
        model.put("roles", allowed ? keys.grantableRoles(realm, context.getUser()) : List.of());
        model.put("scopes", allowed ? keys.grantableScopes(realm, context.getUser()) : List.of());
        model.put("defaultDays", Math.min(settings.defaultExpiryDays(), settings.maxExpiryDays()));
        model.put("maxDays", settings.maxExpiryDays());
        LoginFormsProvider form = context.form().setAttribute(MODEL, model);
        if (error != null) {
            form.setError(error, errorParameter == null ? new Object[0] : new Object[] {errorParameter});
        } else if (!allowed) {
            form.setError("gatehouse-apiKey-userKeysOff");
        }
        return form.createForm(CREATE_PAGE);
    }

    /** The key page; {@code key} null shows it without the key (already shown). Never cached by anyone. */
    private static Response createdPage(RequiredActionContext context, String key, ApiKeys.Issued issued) {
        Map<String, Object> model = new LinkedHashMap<>();
        if (key != null) {
            model.put("key", key);
            model.put("label", issued.record().name() + " (" + issued.record().displayPrefix() + "…)");
            model.put("expires", ApiKeyRepresentations.day(issued.record().expiresAt()));
        }
        Response page = context.form().setAttribute(MODEL, model).createForm(CREATED_PAGE);
        return Response.fromResponse(page).header(HttpHeaders.CACHE_CONTROL, null)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    @Override
    public void close() {
    }
}
