package dev.gatehouse.audit.alert.keycloak;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gatehouse.audit.alert.AlertRule;
import dev.gatehouse.audit.alert.BuiltInRules;
import dev.gatehouse.audit.alert.Match;
import dev.gatehouse.testsupport.OptionsTable;

/** docs/audit-alerts.md tables the rule options and the built-in rules exactly as declared. */
class AlertDocumentationTest {

    @Test
    void optionsTableMatchesTheRulesPageDeclarations() {
        OptionsTable.assertDocumented("docs/audit-alerts.md", new AlertRuleProviderFactory().getConfigProperties());
    }

    @Test
    void builtInsTableMatchesBuiltInRules() {
        OptionsTable.assertRows("docs/audit-alerts.md", BuiltInRules.all().stream().map(AlertDocumentationTest::row).toList());
    }

    static String row(AlertRule r) {
        String threshold = r.trigger() == AlertRule.Trigger.SEAL_LAG
                ? "oldest unsealed record older than " + r.threshold() + " s"
                : r.threshold() + " in " + r.windowSeconds() + " s";
        return "| `" + r.id() + "` | " + r.name() + " | " + match(r) + " | " + threshold + " | " + r.groupBy().label() + " | "
                + r.severity() + " | " + r.quietSeconds() + " s |";
    }

    static String match(AlertRule r) {
        if (r.trigger() == AlertRule.Trigger.SEAL_LAG) {
            return "(checked every evaluation, not record-driven)";
        }
        Match m = r.match();
        List<String> parts = new ArrayList<>();
        add(parts, "kind", m.kinds());
        add(parts, "type", m.types());
        add(parts, "resource-type", m.resourceTypes());
        if (m.outcome() != Match.Outcome.ANY) {
            parts.add("outcome " + m.outcome().name().toLowerCase(java.util.Locale.ROOT));
        }
        add(parts, "error", m.errors());
        m.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(d -> add(parts, "details " + d.getKey() + "=", d.getValue()));
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String label, java.util.Set<String> values) {
        if (!values.isEmpty()) {
            parts.add(label + (label.endsWith("=") ? "" : " ") + String.join(" or ", values.stream().sorted().map(v -> "`" + v + "`").toList()));
        }
    }
}
