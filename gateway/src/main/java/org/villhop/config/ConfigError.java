package org.villhop.config;

/**
 * One problem in a configuration file.
 *
 * @param line    1-based line in the file (0 when the problem concerns the whole file)
 * @param key     the dotted key path, for example {@code listeners[1].port}
 * @param message what is wrong, precisely
 */
public record ConfigError(int line, String key, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
