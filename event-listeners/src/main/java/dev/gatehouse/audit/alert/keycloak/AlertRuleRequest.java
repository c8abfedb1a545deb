package dev.gatehouse.audit.alert.keycloak;

import java.util.Map;

/** Body of PUT alerts/rules/{id}: a display name and the rule's options (RuleOption keys, values as text). */
public class AlertRuleRequest {
    public String name;
    public Map<String, String> config;
}
