<#-- Gatehouse "Create an API key" (required action gatehouse-api-key, started by "Set up" in the account console):
     a name, the roles and client scopes the user holds as checkboxes (values are the server's own qualifiers), and
     the validity in days. Nothing the user sent is shown back: after a refusal the form starts empty. The form
     posts to Keycloak's login-action URL, whose session code is the CSRF guard. -->
<#import "template.ftl" as layout>
<#assign ak = gatehouseApiKey>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("gatehouse-apiKey-title")}
    <#elseif section = "form">
        <form id="gatehouse-api-key-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="gatehouse-api-key-prompt">${msg("gatehouse-apiKey-prompt")}</p>
            <#if ak.allowed>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="gatehouse-api-key-name" class="${properties.kcLabelClass!}">${msg("gatehouse-apiKey-name")}</label>
                    <input id="gatehouse-api-key-name" name="name" type="text" class="${properties.kcInputClass!}"
                           maxlength="${ak.nameMax?c}" required autofocus autocomplete="off"/>
                </div>
                <fieldset class="${properties.kcFormGroupClass!}" id="gatehouse-api-key-roles">
                    <legend class="${properties.kcLabelClass!}">${msg("gatehouse-apiKey-roles")}</legend>
                    <p class="${properties.kcInputHelperTextBeforeClass!}">${msg("gatehouse-apiKey-rolesHelp")}</p>
                    <#list ak.roles as r>
                        <div class="checkbox">
                            <label for="gatehouse-api-key-role-${r?index}">
                                <input id="gatehouse-api-key-role-${r?index}" name="role" type="checkbox" value="${r}"/> ${r}
                            </label>
                        </div>
                    <#else>
                        <p id="gatehouse-api-key-no-roles">${msg("gatehouse-apiKey-noRoles")}</p>
                    </#list>
                </fieldset>
                <#if ak.scopes?has_content>
                    <fieldset class="${properties.kcFormGroupClass!}" id="gatehouse-api-key-scopes">
                        <legend class="${properties.kcLabelClass!}">${msg("gatehouse-apiKey-scopes")}</legend>
                        <#list ak.scopes as s>
                            <div class="checkbox">
                                <label for="gatehouse-api-key-scope-${s?index}">
                                    <input id="gatehouse-api-key-scope-${s?index}" name="scope" type="checkbox" value="${s}"/> ${s}
                                </label>
                            </div>
                        </#list>
                    </fieldset>
                </#if>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="gatehouse-api-key-days" class="${properties.kcLabelClass!}">${msg("gatehouse-apiKey-days")}</label>
                    <input id="gatehouse-api-key-days" name="days" type="number" class="${properties.kcInputClass!}"
                           min="1" max="${ak.maxDays?c}" value="${ak.defaultDays?c}" required/>
                    <p class="${properties.kcInputHelperTextAfterClass!}">${msg("gatehouse-apiKey-daysHelp", ak.maxDays?c)}</p>
                </div>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <#if ak.allowed>
                    <button id="gatehouse-api-key-create" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="create" value="true">${msg("gatehouse-apiKey-create")}</button>
                </#if>
                <#if isAppInitiatedAction??>
                    <button id="gatehouse-api-key-cancel" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="cancel-aia" value="true" formnovalidate>${msg("doCancel")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
