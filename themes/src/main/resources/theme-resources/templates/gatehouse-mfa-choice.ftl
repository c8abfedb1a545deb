<#-- Gatehouse factor choice (required action gatehouse-mfa-enrol): the policy's factors the realm can set up, as
     radio buttons named "factor"; "Set up later" only while the grace lasts. Every text is a message; nothing the
     user sent is shown back. The form posts to Keycloak's login-action URL (its session code is the CSRF guard). -->
<#import "template.ftl" as layout>
<#assign mfa = gatehouseMfa>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("gatehouse-mfa-title")}
    <#elseif section = "form">
        <form id="gatehouse-mfa-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="gatehouse-mfa-prompt">${msg("gatehouse-mfa-prompt")}</p>
            <div class="${properties.kcFormGroupClass!}" role="radiogroup">
                <#list mfa.factors as f>
                    <div class="radio">
                        <label for="gatehouse-mfa-${f.id}">
                            <input id="gatehouse-mfa-${f.id}" name="factor" type="radio" value="${f.id}" <#if f?is_first>checked</#if>/>
                            <strong>${msg(f.label)}</strong>
                            <span class="${properties.kcInputHelperTextBeforeClass!}">${msg(f.help)}</span>
                        </label>
                    </div>
                </#list>
            </div>
            <#if mfa.later>
                <p id="gatehouse-mfa-grace"><#if (mfa.remaining > 0)>${msg("gatehouse-mfa-graceCount", mfa.remaining)}<#else>${msg("gatehouse-mfa-graceUntil", mfa.until)}</#if></p>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <#if mfa.factors?has_content>
                    <button id="gatehouse-mfa-choose" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="choose" value="true">${msg("gatehouse-mfa-choose")}</button>
                </#if>
                <#if mfa.later>
                    <button id="gatehouse-mfa-later" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="later" value="true">${msg("gatehouse-mfa-later")}</button>
                </#if>
                <#if isAppInitiatedAction??>
                    <button class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="cancel-aia" value="true">${msg("doCancel")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
