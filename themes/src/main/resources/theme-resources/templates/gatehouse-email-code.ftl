<#-- Gatehouse email code page: second factor, passwordless sign-in and setup. Uses only template.ftl and the
     kc* class properties every login theme defines, so it renders in keycloak.v2, gatehouse and custom themes. -->
<#import "template.ftl" as layout>
<#import "gatehouse-code.ftl" as code>
<#assign gc = gatehouseCode>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        <#if gc.mode == "setup">${msg("gatehouse-emailCodeSetupTitle")}<#else>${msg("gatehouse-emailCodeTitle")}</#if>
    <#elseif section = "form">
        <#if gc.stage == "address">
            <form id="gatehouse-email-address-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="email" class="${properties.kcLabelClass!}">${msg("gatehouse-emailCodeAddressLabel")}</label>
                    <span class="${properties.kcInputClass!}">
                        <input id="email" name="email" type="email" autocomplete="email" autofocus required maxlength="255"/>
                    </span>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="gatehouse-send" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("gatehouse-emailCodeSendButton")}</button>
                </div>
            </form>
        <#elseif gc.stage == "code">
            <@code.codeStage gc=gc prefix="gatehouse-emailCode" formId="gatehouse-email-code-form">
                <#if gc.mode == "passwordless">
                    <button id="gatehouse-restart" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="restart" value="true">${msg("gatehouse-emailCodeOtherAddress")}</button>
                </#if>
            </@code.codeStage>
        </#if>
    </#if>
</@layout.registrationLayout>
