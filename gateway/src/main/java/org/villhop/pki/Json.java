package org.villhop.pki;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Minimal JSON text for the listing commands' {@code --json} output. */
public final class Json {
    private Json() {
    }

    public static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    public static String list(List<String> values) {
        return values.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
    }

    /** A JSON object of string fields and string-list fields, in the maps' order. */
    public static String object(Map<String, String> fields, Map<String, List<String>> lists) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(string(k)).append(':').append(string(v)));
        lists.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(string(k)).append(':').append(list(v)));
        return b.append('}').toString();
    }

    /** A JSON array of already-encoded objects. */
    public static String array(List<String> encodedObjects) {
        if (encodedObjects.isEmpty()) {
            return "[]";
        }
        return encodedObjects.stream().collect(Collectors.joining(",\n  ", "[\n  ", "\n]"));
    }
}
