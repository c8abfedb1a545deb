<#-- Gatehouse "Trust this browser" page: shown after a second factor that was asked because the browser was not
     trusted. Uses only template.ftl and the kc* class properties every login theme defines. The form posts to the
     flow's login-action URL, whose execution, tab id and session code are Keycloak's CSRF protection. -->
<#import "template.ftl" as layout>
<#assign offer = gatehouseTrust>
<@layout.registrationLayout displayMessage=false displayInfo=false; section>
    <#if section = "header">
        ${msg("gatehouse-trustTitle")}
    <#elseif section = "form">
        <form id="gatehouse-trust-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="gatehouse-trust-prompt">${msg("gatehouse-trustPrompt")}</p>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormOptionsWrapperClass!}">
                    <div class="checkbox">
                        <label for="trust-device">
                            <input id="trust-device" name="trust-device" type="checkbox" value="on" <#if offer.preselected>checked</#if>/>
                            ${msg("gatehouse-trustCheckbox", offer.days?c)}
                        </label>
                    </div>
                </div>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button id="gatehouse-trust-continue" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="continue" value="true">${msg("gatehouse-trustContinue")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
