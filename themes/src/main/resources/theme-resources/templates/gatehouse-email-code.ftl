<#-- Gatehouse email code page: second factor, passwordless sign-in and setup. Uses only template.ftl and the
     kc* class properties every login theme defines, so it renders in keycloak.v2, gatehouse and custom themes. -->
<#import "template.ftl" as layout>
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
            <#if gc.delivered>
                <p id="gatehouse-code-prompt">${msg("gatehouse-emailCodePrompt", gc.maskedAddress, gc.ttlMinutes)}</p>
            <#else>
                <p id="gatehouse-code-prompt">${msg("gatehouse-emailCodeNothingSent")}</p>
            </#if>
            <form id="gatehouse-email-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="code" class="${properties.kcLabelClass!}">${msg("gatehouse-emailCodeLabel")}</label>
                    <span class="${properties.kcInputClass!}">
                        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                               pattern="[0-9 -]*" maxlength="${gc.codeLength + 4}" autofocus/>
                    </span>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="gatehouse-verify" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="verify">${msg("doLogIn")}</button>
                </div>
            </form>
            <form id="gatehouse-resend-form" action="${url.loginAction}" method="post">
                <button id="gatehouse-resend" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="resend" value="true"
                        data-wait="${gc.resendIn?c}" <#if (gc.resendIn > 0)>disabled</#if>>
                    ${msg("gatehouse-emailCodeResend")}<span id="gatehouse-resend-wait"><#if (gc.resendIn > 0)> (${msg("gatehouse-emailCodeResendIn", gc.resendIn?c)})</#if></span>
                </button>
                <#if gc.mode == "passwordless">
                    <button id="gatehouse-restart" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="restart" value="true">${msg("gatehouse-emailCodeOtherAddress")}</button>
                </#if>
            </form>
            <script>
                <#outputformat "JavaScript">
                (function () {
                    var button = document.getElementById("gatehouse-resend");
                    var label = document.getElementById("gatehouse-resend-wait");
                    var wait = parseInt(button.getAttribute("data-wait"), 10);
                    var template = ${msg("gatehouse-emailCodeResendIn", "SECONDS")?c};
                    if (!(wait > 0)) { return; }
                    var timer = setInterval(function () {
                        wait -= 1;
                        if (wait <= 0) {
                            clearInterval(timer);
                            button.disabled = false;
                            label.textContent = "";
                        } else {
                            label.textContent = " (" + template.replace("SECONDS", wait) + ")";
                        }
                    }, 1000);
                })();
                </#outputformat>
            </script>
        </#if>
    </#if>
</@layout.registrationLayout>
