package dev.gatehouse.audit.alert.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.alert.BuiltInRules;
import dev.gatehouse.audit.alert.RuleOption;

/** The REST body's lists and the options metadata the audit page builds its form from. */
class AlertRuleRequestTest {

    @Test
    void listsAndJoinedValuesAreTheSameRule() {
        AlertRuleRequest list = new AlertRuleRequest();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", List.of("LOGIN_ERROR", "CODE_TO_TOKEN_ERROR"));
        c.put("threshold", 3);
        list.config = c;
        AlertRuleRequest joined = new AlertRuleRequest();
        joined.config = Map.of("type", "LOGIN_ERROR##CODE_TO_TOKEN_ERROR", "threshold", "3");
        assertEquals(BuiltInRules.parse(new BuiltInRules.Configured("c", "n", joined.options())).rule(),
                BuiltInRules.parse(new BuiltInRules.Configured("c", "n", list.options())).rule());
    }

    @Test
    void everyOptionHasMetadataWithItsType() {
        List<OptionRepresentation> options = OptionRepresentation.of(new AlertRuleProviderFactory().getConfigProperties());
        assertEquals(RuleOption.values().length, options.size());
        Map<String, String> types = new LinkedHashMap<>();
        options.forEach(o -> types.put(o.name(), o.type()));
        assertEquals("boolean", types.get("enabled"));
        assertEquals("int", types.get("threshold"));
        assertEquals("select", types.get("severity"));
        assertEquals("list", types.get("type"));
        assertEquals("string", types.get("id"));
        assertTrue(options.stream().filter(o -> o.name().equals("group-by")).findFirst().orElseThrow().choices().contains("ip"));
    }
}
