package dev.channels.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * {@code FilterCriteria} of an event source mapping, matched by AWS's own Event Ruler, the pattern language
 * Lambda's event filtering is written in: each record is matched as Lambda builds it (for SQS with
 * {@code body} parsed when it is JSON, so a plain-text body only matches a filter on {@code body} as a string).
 * A record passes when any of the filters matches (no filters: every record passes). Every Event Ruler pattern
 * works: value lists, nested keys, {@code prefix}, {@code suffix}, {@code exists}, {@code anything-but},
 * {@code equals-ignore-case}, {@code numeric}, {@code wildcard}, {@code $or}; an array in the record matches
 * when any element does.
 */
public final class EventFilter {
    private static final EventFilter NONE = new EventFilter(null);

    /** One rule per filter, named by its index; null when there are no filters. */
    private final Machine machine;

    private EventFilter(Machine machine) {
        this.machine = machine;
    }

    public static EventFilter none() {
        return NONE;
    }

    /** From {@code FilterCriteria} ({@code {"Filters":[{"Pattern":"<json text>"}]}}); a pattern Event Ruler refuses fails. */
    public static EventFilter of(JsonNode filterCriteria) {
        JsonNode filters = filterCriteria.path("Filters");
        if (filters.isEmpty()) {
            return NONE;
        }
        Machine machine = new Machine();
        for (int i = 0; i < filters.size(); i++) {
            String pattern = filters.get(i).path("Pattern").asText();
            try {
                machine.addRule("filter-" + i, pattern);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("FilterCriteria pattern " + pattern + " is not a filter pattern: "
                        + e.getMessage(), e);
            }
        }
        return new EventFilter(machine);
    }

    public boolean isEmpty() {
        return machine == null;
    }

    public boolean matches(JsonNode record) {
        if (machine == null) {
            return true;
        }
        List<String> matched = machine.rulesForJSONEvent(record);
        return !matched.isEmpty();
    }
}
