package dev.channels.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A property that is a key of one of the table's secondary indexes, as the construct passes it in
 * {@code INDEX_KEYS}: {@code name=TYPE/ROLE}, TYPE one of S, N, B and ROLE {@code partition} or
 * {@code sort}, e.g. {@code status=S/partition,updatedAt=S/sort}.
 */
public record IndexKey(String name, Type type, Role role) {
    public enum Type { S, N, B }

    /** DynamoDB's size limits of a key value: 2048 bytes for a partition key, 1024 for a sort key. */
    public enum Role {
        PARTITION(2048), SORT(1024);

        private final int maxBytes;

        Role(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        public int maxBytes() {
            return maxBytes;
        }
    }

    /** The list the construct writes; an entry that does not parse fails init with the entry named. */
    public static List<IndexKey> parseAll(List<String> entries) {
        List<IndexKey> keys = new ArrayList<>();
        for (String entry : entries) {
            keys.add(parse(entry.trim()));
        }
        return List.copyOf(keys);
    }

    public static IndexKey parse(String entry) {
        int equals = entry.lastIndexOf('=');
        int slash = entry.lastIndexOf('/');
        if (equals <= 0 || slash < equals) {
            throw new IllegalStateException("INDEX_KEYS entry '" + entry + "' must be name=TYPE/ROLE, e.g. status=S/partition");
        }
        try {
            return new IndexKey(entry.substring(0, equals),
                    Type.valueOf(entry.substring(equals + 1, slash)),
                    Role.valueOf(entry.substring(slash + 1).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("INDEX_KEYS entry '" + entry + "' must be name=TYPE/ROLE with TYPE S, N "
                    + "or B and ROLE partition or sort");
        }
    }

    /** The form {@link #parse} reads. */
    public String format() {
        return name + "=" + type + "/" + role.name().toLowerCase(Locale.ROOT);
    }
}
