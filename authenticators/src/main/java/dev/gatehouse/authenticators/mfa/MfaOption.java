package dev.gatehouse.authenticators.mfa;

import java.util.Locale;

import dev.gatehouse.authenticators.config.DeclaredOption;

/**
 * Every realm-level MFA policy option, declared once. They live in the config of the required action
 * {@code gatehouse-mfa-enrol} ("Gatehouse: Set up a second factor"): one place per realm, shown in the admin console
 * (Authentication → Required actions → ⚙), imported with the realm JSON, validated on save. docs/mfa-policy.md holds
 * the table a test keeps equal to this. Multivalued options use Keycloak's {@code ##} separator.
 */
public enum MfaOption implements DeclaredOption {

    REQUIRED(Group.WHO, "gatehouse.mfa.required", "MFA for everyone",
            "required: every sign-in through a flow with the MFA policy steps needs a second factor, except the "
                    + "exempt clients and groups below; optional: only the required clients, roles and groups do.",
            "required", Kind.CHOICE),
    REQUIRED_CLIENTS(Group.WHO, "gatehouse.mfa.requiredClients", "Clients that always require MFA",
            "Client ids. A sign-in to one of them needs a second factor whatever the realm default says.", "",
            Kind.LIST),
    EXEMPT_CLIENTS(Group.WHO, "gatehouse.mfa.exemptClients", "Clients exempt from the realm default",
            "Client ids. With the realm default \"required\", a sign-in to one of them doesn't need a second factor "
                    + "(unless a required role or group says so).", "", Kind.LIST),
    REQUIRED_ROLES(Group.WHO, "gatehouse.mfa.requiredRoles", "Roles that always require MFA",
            "Realm role names, or clientId.role for client roles, effective (composite) roles included. A user "
                    + "holding one needs a second factor everywhere.", "", Kind.LIST),
    REQUIRED_GROUPS(Group.WHO, "gatehouse.mfa.requiredGroups", "Groups that always require MFA",
            "Group paths such as /admins; members of subgroups included.", "", Kind.LIST),
    EXEMPT_GROUPS(Group.WHO, "gatehouse.mfa.exemptGroups", "Groups exempt from the realm default",
            "Group paths. With the realm default \"required\", members don't need a second factor (unless a "
                    + "required client, role or group says so: a requirement always wins over an exemption).", "",
            Kind.LIST),
    FACTORS(Group.ENROLMENT, "gatehouse.mfa.factors", "Factors offered at enrolment",
            "Any of totp, passkey, sms, email, in the order shown. A factor whose setup action is disabled in the "
                    + "realm is not shown.", "totp##passkey##sms##email", Kind.LIST),
    RECOVERY_CODES(Group.ENROLMENT, "gatehouse.mfa.recoveryCodes", "Recovery codes after enrolment",
            "Whether a user who enrols a first second factor is then given Keycloak's recovery codes.", "true",
            Kind.BOOLEAN),
    GRACE_SIGN_INS(Group.ENROLMENT, "gatehouse.mfa.graceSignIns", "Grace: sign-ins",
            "0 to 100. How many sign-ins a user who must enrol may postpone it (\"Set up later\"). 0: no grace by "
                    + "count.", "0", Kind.NUMBER),
    GRACE_UNTIL(Group.ENROLMENT, "gatehouse.mfa.graceUntil", "Grace: until",
            "A date (YYYY-MM-DD, UTC). Until the end of that day, enrolment may be postponed. Empty: no grace by "
                    + "date. With both set, either keeps the grace open.", "", Kind.DATE),
    IDP_TRUST(Group.IDP, "gatehouse.mfa.idpTrust", "Identity providers",
            "alias=mode entries. trust-mfa: a brokered sign-in whose token says MFA was done (amr or acr below) "
                    + "needs no local second factor (only with the alias acknowledged below); local: always ask "
                    + "the local second factor when the policy requires MFA; none: never require MFA for sign-ins "
                    + "through it. An identity provider not listed: local.", "", Kind.LIST),
    IDP_TRUST_ACKNOWLEDGED(Group.IDP, "gatehouse.mfa.idpTrustAcknowledged", "Acknowledged: their MFA replaces ours",
            "Aliases of identity providers set to trust-mfa whose MFA the admin accepts in place of the local second "
                    + "factor. Saving this is an admin event, so the audit log records who acknowledged and when.",
            "", Kind.LIST),
    IDP_MFA_AMR(Group.IDP, "gatehouse.mfa.idpMfaAmr", "amr values that mean MFA",
            "RFC 8176 values in the upstream ID token's amr claim that count as multi-factor.", "mfa", Kind.LIST),
    IDP_MFA_ACR(Group.IDP, "gatehouse.mfa.idpMfaAcr", "acr values that mean MFA",
            "Values of the upstream ID token's acr claim that count as multi-factor.", "", Kind.LIST),
    IP_FAILURES(Group.IP_BUDGET, "gatehouse.mfa.ipFailures", "Failed first factors per address",
            "0 to 100000. Failed first-factor attempts (wrong password, unknown user, wrong sign-in code) one IP "
                    + "address may make in the window, across all accounts, before it is refused. 0: no budget.",
            "50", Kind.NUMBER),
    IP_WINDOW_MINUTES(Group.IP_BUDGET, "gatehouse.mfa.ipWindowMinutes", "Address budget window (minutes)",
            "1 to 1440.", "15", Kind.NUMBER);

    /** Which part of the policy an option belongs to (a section of the docs page). */
    public enum Group { WHO, ENROLMENT, IDP, IP_BUDGET }

    /** How an option's value is read and shown in the admin console. */
    public enum Kind { NUMBER, BOOLEAN, CHOICE, LIST, DATE }

    private final Group group;
    private final String key;
    private final String label;
    private final String help;
    private final String defaultValue;
    private final Kind kind;

    MfaOption(Group group, String key, String label, String help, String defaultValue, Kind kind) {
        this.group = group;
        this.key = key;
        this.label = label;
        this.help = help;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    public Group group() {
        return group;
    }

    @Override
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
