<#-- Gatehouse "Your new API key": the only response that ever holds the key (sent with Cache-Control: no-store).
     The key stays out of the authentication session; a reload or a second post shows this page without it.
     "I have saved it" finishes the required action and returns to the account console. -->
<#import "template.ftl" as layout>
<#assign ak = gatehouseApiKey>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("gatehouse-apiKey-createdTitle")}
    <#elseif section = "form">
        <form id="gatehouse-api-key-created-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if ak.key??>
                <p id="gatehouse-api-key-once">${msg("gatehouse-apiKey-createdPrompt")}</p>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="gatehouse-api-key-value" class="${properties.kcLabelClass!}">${msg("gatehouse-apiKey-label", ak.label)}</label>
                    <input id="gatehouse-api-key-value" type="text" class="${properties.kcInputClass!}" value="${ak.key}"
                           readonly spellcheck="false" autocomplete="off" onfocus="this.select()"/>
                    <p class="${properties.kcInputHelperTextAfterClass!}" id="gatehouse-api-key-expires">${msg("gatehouse-apiKey-expires", ak.expires)}</p>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="gatehouse-api-key-copy" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="button"
                            data-copied="${msg("gatehouse-apiKey-copied")}">${msg("gatehouse-apiKey-copy")}</button>
                </div>
            <#else>
                <p id="gatehouse-api-key-shown">${msg("gatehouse-apiKey-shownOnce")}</p>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <button id="gatehouse-api-key-saved" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" name="saved" value="true">${msg("gatehouse-apiKey-saved")}</button>
            </div>
        </form>
        <#if ak.key??>
            <script>
                (function () {
                    var button = document.getElementById("gatehouse-api-key-copy");
                    var field = document.getElementById("gatehouse-api-key-value");
                    button.addEventListener("click", function () {
                        field.select();
                        var done = function () { button.textContent = button.getAttribute("data-copied"); };
                        if (navigator.clipboard) {
                            navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
                        } else {
                            document.execCommand("copy");
                            done();
                        }
                    });
                })();
            </script>
        </#if>
    </#if>
</@layout.registrationLayout>
