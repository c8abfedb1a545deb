<#ftl output_format="plainText">
${msg("gatehouse-emailCodeBodyIntro", realmName)}

    ${code}

${msg("gatehouse-emailCodeBodyExpiry", ttlMinutes)}
${msg("gatehouse-emailCodeBodyIgnore")}
