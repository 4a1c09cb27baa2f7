package org.villhop.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each MIME entity of a stored message lies in its bytes: header from {@code headerStart}, body from
 * {@code bodyStart} to {@code end}. A multipart entity's children are its parts; a {@code message/rfc822} entity has
 * one child, the embedded message. Serialized compactly for the metadata database.
 */
public record MessageParts(long headerStart, long bodyStart, long end, Kind kind, List<MessageParts> children) {

    public enum Kind { LEAF, MULTIPART, MESSAGE }

    public MessageParts {
        children = List.copyOf(children);
    }

    /**
     * The entity an IMAP section path names (RFC 3501 section 6.4.5): {@code [2, 1]} is the first part of the
     * second part. An empty path is this entity.
     */
    public Optional<MessageParts> find(int[] path) {
        MessageParts current = this;
        for (int index : path) {
            MessageParts container = current.kind == Kind.MESSAGE ? current.children.getFirst() : current;
            if (container.kind == Kind.MULTIPART) {
                if (index < 1 || index > container.children.size()) {
                    return Optional.empty();
                }
                current = container.children.get(index - 1);
            } else if (index == 1) {
                current = container;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    public String serialize() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        out.append(headerStart).append(',').append(bodyStart).append(',').append(end).append(',')
                .append(switch (kind) {
                    case LEAF -> 'L';
                    case MULTIPART -> 'P';
                    case MESSAGE -> 'E';
                }).append(',').append(children.size()).append(';');
        for (MessageParts child : children) {
            child.write(out);
        }
    }

    public static MessageParts parse(String text) {
        return read(text.split(";"), new int[] {0});
    }

    private static MessageParts read(String[] nodes, int[] next) {
        String[] f = nodes[next[0]++].split(",");
        Kind kind = switch (f[3]) {
            case "P" -> Kind.MULTIPART;
            case "E" -> Kind.MESSAGE;
            default -> Kind.LEAF;
        };
        int count = Integer.parseInt(f[4]);
        List<MessageParts> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(read(nodes, next));
        }
        return new MessageParts(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), kind, children);
    }
}
