package dev.gatehouse.audit.alert.keycloak;

import java.util.List;
import java.util.Locale;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * One option's metadata for a generic form: name, label, type (string, int, boolean, list, select, secret),
 * help, default and the choices of a select.
 */
public record OptionRepresentation(String name, String label, String type, String help, String defaultValue, List<String> choices) {

    static List<OptionRepresentation> of(List<ProviderConfigProperty> properties) {
        return properties.stream().map(p -> new OptionRepresentation(p.getName(), p.getLabel(), type(p), p.getHelpText(),
                p.getDefaultValue() == null ? null : String.valueOf(p.getDefaultValue()), p.getOptions() == null ? List.of() : p.getOptions())).toList();
    }

    private static String type(ProviderConfigProperty p) {
        if (p.isSecret() || ProviderConfigProperty.PASSWORD.equals(p.getType())) {
            return "secret";
        }
        return switch (p.getType()) {
            case ProviderConfigProperty.BOOLEAN_TYPE -> "boolean";
            case ProviderConfigProperty.LIST_TYPE -> "select";
            case ProviderConfigProperty.MULTIVALUED_STRING_TYPE, ProviderConfigProperty.MULTIVALUED_LIST_TYPE -> "list";
            case ProviderConfigProperty.INTEGER_TYPE -> "int";
            default -> p.getType().toLowerCase(Locale.ROOT).contains("int") ? "int" : "string";
        };
    }
}
