package dev.gatehouse.authenticators.mfa;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.gatehouse.authenticators.config.OptionValues.bool;
import static dev.gatehouse.authenticators.config.OptionValues.number;
import static dev.gatehouse.authenticators.config.OptionValues.refused;
import static dev.gatehouse.authenticators.config.OptionValues.text;

/**
 * A realm's MFA policy, read from the config of the required action {@code gatehouse-mfa-enrol}. Plain Java.
 *
 * <p>Who must use MFA: a requirement (required client, role or group) always wins; otherwise an exemption (exempt
 * client or group) lifts the realm default; otherwise the realm default. A brokered sign-in is then judged by its
 * identity provider's setting (none / local / trust-mfa + acknowledged + amr/acr saying MFA).
 */
public record MfaPolicy(boolean requiredByDefault, Set<String> requiredClients, Set<String> exemptClients,
                        Set<String> requiredRoles, Set<String> requiredGroups, Set<String> exemptGroups,
                        List<Factor> factors, boolean recoveryCodes, Grace grace, Map<String, IdpTrust> idps,
                        Set<String> acknowledgedIdps, Set<String> idpMfaAmr, Set<String> idpMfaAcr) {

    /** Multivalued option separator, as Keycloak stores a multivalued config property. */
    public static final String SEPARATOR = "##";

    public static final String REQUIRED = "required";
    public static final String OPTIONAL = "optional";

    /** An identity provider alias as Keycloak accepts it, without anything that could reach a log line unescaped. */
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** Every option at its default: MFA required for everyone, every factor offered, recovery codes, no grace. */
    public static final MfaPolicy DEFAULTS = of(Map.of());

    public MfaPolicy {
        requiredClients = copy(requiredClients);
        exemptClients = copy(exemptClients);
        requiredRoles = copy(requiredRoles);
        requiredGroups = copy(requiredGroups);
        exemptGroups = copy(exemptGroups);
        factors = factors == null ? List.of() : List.copyOf(factors);
        idps = idps == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(idps));
        acknowledgedIdps = copy(acknowledgedIdps);
        idpMfaAmr = copy(idpMfaAmr);
        idpMfaAcr = copy(idpMfaAcr);
        grace = grace == null ? new Grace(0, null) : grace;
    }

    /** Reads a config; a missing option takes its default, a malformed one is refused naming the option. */
    public static MfaPolicy of(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        String required = text(c, MfaOption.REQUIRED);
        if (!required.equals(REQUIRED) && !required.equals(OPTIONAL)) {
            throw refused(MfaOption.REQUIRED, "required or optional", required);
        }
        Set<String> requiredGroups = groups(c, MfaOption.REQUIRED_GROUPS);
        Set<String> exemptGroups = groups(c, MfaOption.EXEMPT_GROUPS);
        List<Factor> factors = new ArrayList<>();
        for (String id : list(c, MfaOption.FACTORS)) {
            Factor f = Factor.of(id);
            if (f == null) {
                throw refused(MfaOption.FACTORS, "a list of totp, passkey, sms, email", id);
            }
            if (!factors.contains(f)) {
                factors.add(f);
            }
        }
        if (factors.isEmpty()) {
            throw refused(MfaOption.FACTORS, "at least one of totp, passkey, sms, email", text(c, MfaOption.FACTORS));
        }
        int graceSignIns = number(c, MfaOption.GRACE_SIGN_INS, 0, 100);
        LocalDate graceUntil = date(c, MfaOption.GRACE_UNTIL);
        Map<String, IdpTrust> idps = new LinkedHashMap<>();
        for (String entry : list(c, MfaOption.IDP_TRUST)) {
            int eq = entry.indexOf('=');
            String alias = eq < 0 ? entry : entry.substring(0, eq).strip();
            IdpTrust mode = eq < 0 ? null : trust(entry.substring(eq + 1).strip());
            if (mode == null || !ALIAS.matcher(alias).matches()) {
                throw refused(MfaOption.IDP_TRUST, "alias=mode entries with mode trust-mfa, local or none", entry);
            }
            if (idps.put(alias, mode) != null) {
                throw refused(MfaOption.IDP_TRUST, "one entry per identity provider", alias);
            }
        }
        Set<String> acknowledged = new LinkedHashSet<>();
        for (String alias : list(c, MfaOption.IDP_TRUST_ACKNOWLEDGED)) {
            if (!ALIAS.matcher(alias).matches()) {
                throw refused(MfaOption.IDP_TRUST_ACKNOWLEDGED, "identity provider aliases", alias);
            }
            acknowledged.add(alias);
        }
        return new MfaPolicy(required.equals(REQUIRED), new LinkedHashSet<>(list(c, MfaOption.REQUIRED_CLIENTS)),
                new LinkedHashSet<>(list(c, MfaOption.EXEMPT_CLIENTS)),
                new LinkedHashSet<>(list(c, MfaOption.REQUIRED_ROLES)), requiredGroups, exemptGroups, factors,
                bool(c, MfaOption.RECOVERY_CODES), new Grace(graceSignIns, graceUntil), idps, acknowledged,
                new LinkedHashSet<>(list(c, MfaOption.IDP_MFA_AMR)),
                new LinkedHashSet<>(list(c, MfaOption.IDP_MFA_ACR)));
    }

    /**
     * Whether this sign-in needs a second factor. The reason names the rule that decided; for a brokered sign-in it
     * names the identity provider's setting when that setting changed or qualified the outcome (idp-none, idp-mfa,
     * idp-no-mfa, idp-unacknowledged), and otherwise the local rule (an identity provider set to local, or not
     * listed, is judged like a local sign-in).
     */
    public Decision decide(SignIn signIn) {
        Decision local = local(signIn);
        if (signIn.idpAlias() == null) {
            return local;
        }
        return switch (trustOf(signIn.idpAlias())) {
            case NONE -> new Decision(false, false, "idp-none");
            case LOCAL -> local;
            case TRUST_MFA -> {
                if (!acknowledgedIdps.contains(signIn.idpAlias())) {
                    yield new Decision(local.mfaRequired(), false, "idp-unacknowledged");
                }
                boolean mfa = signIn.idpAmr() != null && signIn.idpAmr().stream().anyMatch(idpMfaAmr::contains)
                        || signIn.idpAcr() != null && idpMfaAcr.contains(signIn.idpAcr());
                if (!local.mfaRequired()) {
                    yield new Decision(false, mfa, local.reason());
                }
                yield new Decision(true, mfa, mfa ? "idp-mfa" : "idp-no-mfa");
            }
        };
    }

    private Decision local(SignIn signIn) {
        if (signIn.clientId() != null && requiredClients.contains(signIn.clientId())) {
            return new Decision(true, false, "client");
        }
        if (intersects(signIn.roles(), requiredRoles)) {
            return new Decision(true, false, "role");
        }
        if (intersects(signIn.groups(), requiredGroups)) {
            return new Decision(true, false, "group");
        }
        if (signIn.clientId() != null && exemptClients.contains(signIn.clientId())) {
            return new Decision(false, false, "exempt-client");
        }
        if (intersects(signIn.groups(), exemptGroups)) {
            return new Decision(false, false, "exempt-group");
        }
        return new Decision(requiredByDefault, false, "realm-default");
    }

    /** The trust setting of an identity provider (LOCAL when not listed). */
    public IdpTrust trustOf(String idpAlias) {
        return idpAlias == null ? IdpTrust.LOCAL : idps.getOrDefault(idpAlias, IdpTrust.LOCAL);
    }

    private static boolean intersects(Set<String> facts, Set<String> listed) {
        if (facts == null || listed.isEmpty()) {
            return false;
        }
        for (String f : facts) {
            if (listed.contains(f)) {
                return true;
            }
        }
        return false;
    }

    private static IdpTrust trust(String id) {
        for (IdpTrust t : IdpTrust.values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    /** A {@code ##}-separated list: entries stripped, empty entries dropped. */
    static List<String> list(Map<String, String> c, MfaOption option) {
        List<String> out = new ArrayList<>();
        for (String part : text(c, option).split(SEPARATOR, -1)) {
            if (!part.isBlank() && !out.contains(part.strip())) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static Set<String> groups(Map<String, String> c, MfaOption option) {
        Set<String> out = new LinkedHashSet<>();
        for (String path : list(c, option)) {
            // A group path is absolute; a trailing slash would never match Keycloak's paths.
            if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
                throw refused(option, "group paths such as /admins", path);
            }
            out.add(path);
        }
        return out;
    }

    private static LocalDate date(Map<String, String> c, MfaOption option) {
        String v = text(c, option);
        if (v.isEmpty()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw refused(option, "a date as YYYY-MM-DD or empty", v);
    }

    private static Set<String> copy(Set<String> s) {
        return s == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }
}
