<#-- What every Gatehouse code page shares (email and SMS): the code form, the resend button with its cooldown,
     and the script counting the cooldown down. Messages are named by the channel's prefix
     (gatehouse-emailCode…, gatehouse-smsCode…): Prompt, NothingSent, Label, Resend, ResendIn. Buttons nested in
     the macro (another address or number) go into the resend form. -->
<#macro codeStage gc prefix formId>
    <#if gc.delivered>
        <p id="gatehouse-code-prompt">${msg(prefix + "Prompt", gc.maskedAddress, gc.ttlMinutes)}</p>
    <#else>
        <p id="gatehouse-code-prompt">${msg(prefix + "NothingSent")}</p>
    </#if>
    <form id="${formId}" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
        <div class="${properties.kcFormGroupClass!}">
            <label for="code" class="${properties.kcLabelClass!}">${msg(prefix + "Label")}</label>
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
            ${msg(prefix + "Resend")}<span id="gatehouse-resend-wait"><#if (gc.resendIn > 0)> (${msg(prefix + "ResendIn", gc.resendIn?c)})</#if></span>
        </button>
        <#nested>
    </form>
    <script>
        <#outputformat "JavaScript">
        (function () {
            var button = document.getElementById("gatehouse-resend");
            var label = document.getElementById("gatehouse-resend-wait");
            var wait = parseInt(button.getAttribute("data-wait"), 10);
            var template = ${msg(prefix + "ResendIn", "SECONDS")?c};
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
</#macro>
