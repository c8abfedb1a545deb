package dev.gatehouse.audit.alert.keycloak;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.gatehouse.audit.alert.RuleOption;

/**
 * Body of PUT alerts/rules/{id}: {@code {"name": "…", "config": {"option": "value" | ["v1", "v2"]}}}; a list is
 * the same as its values joined with {@code ##}.
 */
public class AlertRuleRequest {
    public String name;
    public Map<String, Object> config;

    Map<String, String> options() {
        Map<String, String> out = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((k, v) -> {
                if (v instanceof Collection<?> list) {
                    out.put(k, String.join(RuleOption.SEPARATOR, list.stream().filter(Objects::nonNull).map(String::valueOf).toList()));
                } else if (v != null) {
                    out.put(k, String.valueOf(v));
                }
            });
        }
        return out;
    }
}
