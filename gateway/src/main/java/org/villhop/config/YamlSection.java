package org.villhop.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML mapping of the configuration, key by key, recording every problem (with its line and key path)
 * instead of stopping at the first: wrong types, bad values, missing keys, duplicate keys, and on {@link #finish()}
 * the keys nobody asked for (unknown keys, usually typos). Getters return a fallback value after an error so that
 * reading goes on.
 */
final class YamlSection {
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();
    private final String path;
    private final int line;
    private final Context context;

    /** What all sections of one file share: the error list, the base directory, whether files must exist. */
    record Context(List<ConfigError> errors, Path baseDir, boolean checkFiles) {
    }

    YamlSection(MappingNode node, String path, Context context) {
        this(node, path, context, line(node));
    }

    private YamlSection(MappingNode node, String path, Context context, int line) {
        this.path = path;
        this.context = context;
        this.line = line;
        for (NodeTuple tuple : node.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null) {
                error(tuple.getKeyNode(), path, "keys must be plain names");
            } else if (entries.containsKey(key)) {
                error(tuple.getKeyNode(), key(key), "duplicate key (first given on line "
                        + line(entries.get(key).getKeyNode()) + ")");
            } else {
                entries.put(key, tuple);
            }
        }
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean has(String key) {
        read.add(key);
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : line(t.getKeyNode());
    }

    String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records an error about {@code key} of this section. */
    void error(String key, String message) {
        context.errors().add(new ConfigError(lineOf(key), key(key), message));
    }

    String string(String key, String fallback) {
        Node node = value(key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        error(node, key(key), "expected a single value, found " + kind(node));
        return fallback;
    }

    String requiredString(String key) {
        if (!has(key)) {
            error(key, "missing (required)");
            return null;
        }
        return string(key, null);
    }

    /** A value converted by {@code parse}; an {@link IllegalArgumentException}'s message becomes the error. */
    <T> T parsed(String key, T fallback, Function<String, T> parse) {
        String text = string(key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(key, e.getMessage());
            return fallback;
        }
    }

    int integer(String key, int fallback, int min, int max) {
        return parsed(key, fallback, text -> {
            int n;
            try {
                n = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, found '" + text + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
            }
            return n;
        });
    }

    /** A port to listen on: 1..65535, or 0 for a free port chosen by the system (tests, ad-hoc runs). */
    int listenPort(String key) {
        return integer(key, 0, 0, 65535);
    }

    int port(String key, int fallback) {
        return integer(key, fallback, 1, 65535);
    }

    boolean bool(String key, boolean fallback) {
        return parsed(key, fallback, text -> switch (text.strip()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, found '" + text + "'");
        });
    }

    List<String> strings(String key, List<String> fallback) {
        Node node = value(key);
        if (node == null) {
            return fallback;
        }
        if (!(node instanceof SequenceNode seq)) {
            error(node, key(key), "expected a list, found " + kind(node));
            return fallback;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (item instanceof ScalarNode s && !isNull(item)) {
                values.add(s.getValue());
            } else {
                error(item, key(key) + "[" + i + "]", "expected a single value, found " + kind(item));
            }
        }
        return values;
    }

    /** A file path, relative to the configuration file's directory; checked to exist when the context says so. */
    Path file(String key, boolean required) {
        String text = required ? requiredString(key) : string(key, null);
        if (text == null) {
            return null;
        }
        Path p = context.baseDir().resolve(text).normalize();
        if (context.checkFiles() && !Files.isReadable(p)) {
            error(key, "file not found or not readable: " + p);
        }
        return p;
    }

    /** A directory path, relative to the configuration file's directory; need not exist yet. */
    Path directory(String key, String fallback) {
        return context.baseDir().resolve(string(key, fallback)).normalize();
    }

    List<Path> files(String key) {
        List<Path> out = new ArrayList<>();
        List<String> names = strings(key, List.of());
        for (int i = 0; i < names.size(); i++) {
            out.add(resolveFile(key, i, names.get(i)));
        }
        return out;
    }

    /** Resolves item {@code index} of list {@code key} as a file, checked to exist when the context says so. */
    Path resolveFile(String key, int index, String name) {
        Path p = context.baseDir().resolve(name).normalize();
        if (context.checkFiles() && !Files.isReadable(p)) {
            context.errors().add(new ConfigError(lineOf(key), key(key) + "[" + index + "]",
                    "file not found or not readable: " + p));
        }
        return p;
    }

    /** A nested mapping; an empty section when absent. */
    YamlSection section(String key) {
        Node node = value(key);
        if (node instanceof MappingNode m) {
            return new YamlSection(m, key(key), context);
        }
        if (node != null) {
            error(node, key(key), "expected a mapping (key: value lines), found " + kind(node));
        }
        return new YamlSection(new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK), key(key), context,
                lineOf(key));
    }

    /** A list of mappings. */
    List<YamlSection> sections(String key) {
        Node node = value(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            error(node, key(key), "expected a list, found " + kind(node));
            return List.of();
        }
        List<YamlSection> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (item instanceof MappingNode m) {
                out.add(new YamlSection(m, key(key) + "[" + i + "]", context));
            } else {
                error(item, key(key) + "[" + i + "]", "expected a mapping (key: value lines), found " + kind(item));
            }
        }
        return out;
    }

    /** Reports every key of this section that was never asked for. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                error(e.getValue().getKeyNode(), key(e.getKey()), "unknown key"
                        + (read.isEmpty() ? "" : " (known here: " + String.join(", ", read) + ")"));
            }
        }
    }

    private Node value(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    private void error(Node node, String key, String message) {
        context.errors().add(new ConfigError(line(node), key, message));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String kind(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            default -> "an empty value";
        };
    }
}
