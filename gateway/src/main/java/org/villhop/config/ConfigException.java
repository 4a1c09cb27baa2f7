package org.villhop.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration with errors: all of them, in file order. */
public final class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(source + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors") + "\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
