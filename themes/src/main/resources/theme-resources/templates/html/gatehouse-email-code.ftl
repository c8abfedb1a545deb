<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${kcSanitize(msg("gatehouse-emailCodeBodyIntro", realmName))?no_esc}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px; font-family: monospace;">${code}</p>
<p>${msg("gatehouse-emailCodeBodyExpiry", ttlMinutes)}</p>
<p>${msg("gatehouse-emailCodeBodyIgnore")}</p>
</@layout.emailLayout>
