<#-- Gatehouse SMS code page: second factor and enrolment (number, then code). Uses only template.ftl and the
     kc* class properties every login theme defines, so it renders in keycloak.v2, gatehouse and custom themes. -->
<#import "template.ftl" as layout>
<#import "gatehouse-code.ftl" as code>
<#assign gc = gatehouseCode>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        <#if gc.mode == "setup">${msg("gatehouse-smsCodeSetupTitle")}<#else>${msg("gatehouse-smsCodeTitle")}</#if>
    <#elseif section = "form">
        <#if gc.stage == "address">
            <form id="gatehouse-sms-number-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="phone" class="${properties.kcLabelClass!}">${msg("gatehouse-smsCodeNumberLabel")}</label>
                    <span class="${properties.kcInputClass!}">
                        <input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" autofocus required maxlength="32"
                               aria-describedby="gatehouse-phone-help"/>
                    </span>
                    <p id="gatehouse-phone-help">${msg("gatehouse-smsCodeNumberHelp")}</p>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="gatehouse-send" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("gatehouse-smsCodeSendButton")}</button>
                    <#if isAppInitiatedAction??>
                        <#-- An application asked for the enrolment (kc_action): the user may decline it. -->
                        <button id="gatehouse-cancel" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="cancel-aia" value="true" formnovalidate>${msg("doCancel")}</button>
                    </#if>
                </div>
            </form>
        <#elseif gc.stage == "code">
            <@code.codeStage gc=gc prefix="gatehouse-smsCode" formId="gatehouse-sms-code-form">
                <#if gc.mode == "setup">
                    <button id="gatehouse-change" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="change" value="true">${msg("gatehouse-smsCodeOtherNumber")}</button>
                </#if>
            </@code.codeStage>
        </#if>
    </#if>
</@layout.registrationLayout>
