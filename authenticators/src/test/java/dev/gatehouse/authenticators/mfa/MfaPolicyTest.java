package dev.gatehouse.authenticators.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MfaPolicyTest {

    /** The demo realm's policy (realm-config/demo-realm.json). */
    static Map<String, String> demo() {
        Map<String, String> c = new HashMap<>();
        c.put("gatehouse.mfa.required", "required");
        c.put("gatehouse.mfa.requiredGroups", "/admins");
        c.put("gatehouse.mfa.exemptGroups", "/mfa-exempt");
        c.put("gatehouse.mfa.factors", "totp##passkey##sms##email");
        c.put("gatehouse.mfa.recoveryCodes", "true");
        c.put("gatehouse.mfa.graceSignIns", "3");
        c.put("gatehouse.mfa.idpTrust", "microsoft=trust-mfa##google=local##github=local##linkedin=local##corp=none");
        c.put("gatehouse.mfa.idpTrustAcknowledged", "microsoft");
        c.put("gatehouse.mfa.idpMfaAmr", "mfa");
        c.put("gatehouse.mfa.idpMfaAcr", "urn:mfa");
        return c;
    }

    static MfaPolicy with(String key, String value) {
        Map<String, String> c = demo();
        c.put(key, value);
        return MfaPolicy.of(c);
    }

    static SignIn local(String client, Set<String> roles, Set<String> groups) {
        return new SignIn(client, roles, groups, null, Set.of(), null);
    }

    static SignIn brokered(String idp, Set<String> amr, String acr) {
        return new SignIn("demo-app", Set.of(), Set.of(), idp, amr, acr);
    }

    @Test
    void defaultsRequireMfaForEveryoneWithEveryFactorAndRecoveryCodes() {
        MfaPolicy p = MfaPolicy.DEFAULTS;
        assertTrue(p.requiredByDefault());
        assertEquals(List.of(Factor.TOTP, Factor.PASSKEY, Factor.SMS, Factor.EMAIL), p.factors());
        assertTrue(p.recoveryCodes());
        assertEquals(new Grace(0, null), p.grace());
        assertEquals(Set.of("mfa"), p.idpMfaAmr());
        assertEquals(new Decision(true, false, "realm-default"), p.decide(local("any", Set.of(), Set.of())));
        assertEquals(p, MfaPolicy.of(null));
    }

    @Test
    void blankOptionsTakeTheirDefaults() {
        Map<String, String> c = new HashMap<>();
        for (MfaOption o : MfaOption.values()) {
            c.put(o.key(), "  ");
        }
        assertEquals(MfaPolicy.DEFAULTS, MfaPolicy.of(c));
    }

    @Test
    void realmDefaultOptionalRequiresNobodyUnlessListed() {
        MfaPolicy p = with("gatehouse.mfa.required", "optional");
        assertEquals(new Decision(false, false, "realm-default"), p.decide(local("demo-app", Set.of(), Set.of())));
        assertEquals(new Decision(true, false, "group"), p.decide(local("demo-app", Set.of(), Set.of("/admins"))));
    }

    @Test
    void requiredClientWinsOverExemptGroupAndExemptClient() {
        Map<String, String> c = demo();
        c.put("gatehouse.mfa.requiredClients", "payroll");
        c.put("gatehouse.mfa.exemptClients", "payroll##kiosk");
        MfaPolicy p = MfaPolicy.of(c);
        assertEquals(new Decision(true, false, "client"), p.decide(local("payroll", Set.of(), Set.of("/mfa-exempt"))));
        assertEquals(new Decision(false, false, "exempt-client"), p.decide(local("kiosk", Set.of(), Set.of())));
    }

    @Test
    void requiredRoleWinsOverExemptGroup() {
        MfaPolicy p = with("gatehouse.mfa.requiredRoles", "auditor##payroll.approve");
        assertEquals(new Decision(true, false, "role"),
                p.decide(local("demo-app", Set.of("payroll.approve"), Set.of("/mfa-exempt"))));
        assertEquals(new Decision(false, false, "exempt-group"),
                p.decide(local("demo-app", Set.of("approve"), Set.of("/mfa-exempt"))));
    }

    @Test
    void requiredGroupWinsOverExemptGroupAndCoversSubgroupsThroughTheirPaths() {
        MfaPolicy p = MfaPolicy.of(demo());
        assertEquals(new Decision(true, false, "group"),
                p.decide(local("demo-app", Set.of(), Set.of("/mfa-exempt", "/admins", "/admins/db"))));
        assertEquals(new Decision(false, false, "exempt-group"),
                p.decide(local("demo-app", Set.of(), Set.of("/mfa-exempt", "/mfa-exempt/bots"))));
        assertEquals(new Decision(true, false, "realm-default"),
                p.decide(local("demo-app", Set.of(), Set.of("/admins-old"))));
    }

    @Test
    void exemptClientLiftsTheDefaultOnly() {
        MfaPolicy p = with("gatehouse.mfa.exemptClients", "kiosk");
        assertEquals(new Decision(false, false, "exempt-client"), p.decide(local("kiosk", Set.of(), Set.of())));
        assertEquals(new Decision(true, false, "group"), p.decide(local("kiosk", Set.of(), Set.of("/admins"))));
    }

    @Test
    void identityProviderSetToNoneNeverRequiresMfa() {
        MfaPolicy p = MfaPolicy.of(demo());
        assertEquals(new Decision(false, false, "idp-none"), p.decide(brokered("corp", Set.of(), null)));
        assertEquals(new Decision(false, false, "idp-none"),
                p.decide(new SignIn("demo-app", Set.of(), Set.of("/admins"), "corp", Set.of(), null)));
    }

    @Test
    void identityProviderSetToLocalOrUnlistedIsJudgedLikeALocalSignIn() {
        MfaPolicy p = MfaPolicy.of(demo());
        assertEquals(new Decision(true, false, "realm-default"), p.decide(brokered("google", Set.of("mfa"), null)));
        assertEquals(new Decision(true, false, "realm-default"), p.decide(brokered("unlisted", Set.of("mfa"), null)));
        assertEquals(new Decision(false, false, "exempt-group"),
                p.decide(new SignIn("demo-app", Set.of(), Set.of("/mfa-exempt"), "github", Set.of(), null)));
        assertEquals(IdpTrust.LOCAL, p.trustOf("unlisted"));
        assertEquals(IdpTrust.LOCAL, p.trustOf(null));
        assertEquals(IdpTrust.TRUST_MFA, p.trustOf("microsoft"));
    }

    @Test
    void acknowledgedTrustedIdentityProviderStandsInWhenItsTokenSaysMfa() {
        MfaPolicy p = MfaPolicy.of(demo());
        assertEquals(new Decision(true, true, "idp-mfa"), p.decide(brokered("microsoft", Set.of("pwd", "mfa"), null)));
        assertEquals(new Decision(true, true, "idp-mfa"), p.decide(brokered("microsoft", Set.of(), "urn:mfa")));
        assertEquals(new Decision(true, false, "idp-no-mfa"), p.decide(brokered("microsoft", Set.of("pwd"), "1")));
        assertEquals(new Decision(true, false, "idp-no-mfa"), p.decide(brokered("microsoft", null, null)));
        assertEquals(new Decision(false, true, "exempt-group"),
                p.decide(new SignIn("demo-app", Set.of(), Set.of("/mfa-exempt"), "microsoft", Set.of("mfa"), null)));
    }

    @Test
    void unacknowledgedTrustIsTreatedAsLocal() {
        MfaPolicy p = with("gatehouse.mfa.idpTrustAcknowledged", "");
        assertEquals(new Decision(true, false, "idp-unacknowledged"),
                p.decide(brokered("microsoft", Set.of("mfa"), null)));
        assertEquals(new Decision(false, false, "idp-unacknowledged"),
                p.decide(new SignIn("demo-app", Set.of(), Set.of("/mfa-exempt"), "microsoft", Set.of("mfa"), null)));
    }

    @Test
    void acknowledgingAnIdentityProviderSetToLocalChangesNothing() {
        MfaPolicy p = with("gatehouse.mfa.idpTrustAcknowledged", "microsoft##google");
        assertEquals(new Decision(true, false, "realm-default"), p.decide(brokered("google", Set.of("mfa"), null)));
    }

    @Test
    void factorsKeepTheirOrderWithoutDuplicates() {
        assertEquals(List.of(Factor.SMS, Factor.TOTP), with("gatehouse.mfa.factors", "sms## totp ##sms").factors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gatehouse.mfa.required|yes",
            "gatehouse.mfa.required|Required",
            "gatehouse.mfa.factors|totp##fax",
            "gatehouse.mfa.factors|##",
            "gatehouse.mfa.recoveryCodes|yes",
            "gatehouse.mfa.graceSignIns|-1",
            "gatehouse.mfa.graceSignIns|101",
            "gatehouse.mfa.graceSignIns|three",
            "gatehouse.mfa.graceUntil|2026-02-30",
            "gatehouse.mfa.graceUntil|31/12/2026",
            "gatehouse.mfa.graceUntil|+2026-12-31",
            "gatehouse.mfa.requiredGroups|admins",
            "gatehouse.mfa.exemptGroups|/mfa-exempt/",
            "gatehouse.mfa.idpTrust|microsoft",
            "gatehouse.mfa.idpTrust|microsoft=trust",
            "gatehouse.mfa.idpTrust|microsoft=none##microsoft=local",
            "gatehouse.mfa.idpTrust|=none",
            "gatehouse.mfa.idpTrustAcknowledged|micro soft",
    })
    void malformedOptionIsRefusedNamingIt(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key, value));
        assertTrue(e.getMessage().startsWith(key + " must be "), e.getMessage());
    }

    @Test
    void refusalDoesNotQuoteControlCharactersOrLongValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with("gatehouse.mfa.required", "x\n<script>"));
        assertFalse(e.getMessage().contains("<script>"), e.getMessage());
    }

    @Test
    void graceByCount() {
        Grace g = new Grace(3, null);
        LocalDate today = LocalDate.of(2026, 11, 30);
        assertEquals(3, g.remainingSignIns(0));
        assertEquals(1, g.remainingSignIns(2));
        assertEquals(0, g.remainingSignIns(3));
        assertEquals(0, g.remainingSignIns(7));
        assertEquals(3, g.remainingSignIns(-1));
        assertTrue(g.open(2, today));
        assertFalse(g.open(3, today));
        assertFalse(new Grace(0, null).open(0, today));
    }

    @Test
    void graceByDateIncludesTheLastDay() {
        Grace g = new Grace(0, LocalDate.of(2026, 12, 31));
        assertTrue(g.open(50, LocalDate.of(2026, 12, 31)));
        assertFalse(g.open(0, LocalDate.of(2027, 1, 1)));
    }

    @Test
    void graceByCountOrDateEitherKeepsItOpen() {
        Grace g = with("gatehouse.mfa.graceUntil", "2026-12-31").grace();
        assertEquals(new Grace(3, LocalDate.of(2026, 12, 31)), g);
        assertTrue(g.open(5, LocalDate.of(2026, 12, 1)));
        assertTrue(g.open(1, LocalDate.of(2027, 1, 1)));
        assertFalse(g.open(3, LocalDate.of(2027, 1, 1)));
    }

    @Test
    void factorsByIdWithTheirSetupActions() {
        assertEquals(Factor.TOTP, Factor.of("totp"));
        assertEquals(Factor.PASSKEY, Factor.of("passkey"));
        assertEquals(Factor.SMS, Factor.of("sms"));
        assertEquals(Factor.EMAIL, Factor.of("email"));
        assertNull(Factor.of("TOTP"));
        assertNull(Factor.of(null));
        assertNull(Factor.of("fax"));
        assertEquals("CONFIGURE_TOTP", Factor.TOTP.setupAction());
        assertEquals("gatehouse-email-code", Factor.EMAIL.credentialType());
    }
}
