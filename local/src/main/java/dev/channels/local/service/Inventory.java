package dev.channels.local.service;

import dev.channels.local.catalog.Emulation;
import dev.channels.local.catalog.ResourceCatalog;
import dev.channels.local.catalog.ResourceType;
import dev.channels.local.template.Intrinsics;
import dev.channels.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the local cloud does with every resource of a stack: each type classified by the
 * {@link ResourceCatalog}, resources skipped by a false condition, and notes on properties that are
 * accepted but not emulated (added by the services while they create resources). Printed at start.
 */
public final class Inventory {
    /** One resource type of the stack: how many, and what is done with them. */
    public record Entry(String type, Emulation emulation, String note, List<String> logicalIds) {
    }

    /** A property the local cloud accepts but does not act on, e.g. a table's point-in-time recovery. */
    public record Note(String logicalId, String type, String text) {
    }

    private final String stackName;
    private final Map<String, Entry> entries;
    private final List<String> skipped;
    private final List<Note> notes = new ArrayList<>();

    private Inventory(String stackName, Map<String, Entry> entries, List<String> skipped) {
        this.stackName = stackName;
        this.entries = entries;
        this.skipped = skipped;
    }

    public static Inventory of(String stackName, Collection<TemplateResource> resources, ResourceCatalog catalog,
            Intrinsics intrinsics) {
        Map<String, List<String>> idsByType = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        for (TemplateResource resource : resources) {
            if (!intrinsics.isActive(resource)) {
                skipped.add(resource.logicalId() + " (" + resource.type() + "): condition "
                        + resource.condition().orElseThrow() + " is false");
                continue;
            }
            idsByType.computeIfAbsent(resource.type(), type -> new ArrayList<>()).add(resource.logicalId());
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> {
            ResourceType row = catalog.find(type).orElse(null);
            entries.put(type, row == null
                    ? new Entry(type, Emulation.UNKNOWN, "not in the local cloud's catalog", List.copyOf(ids))
                    : new Entry(type, row.emulation(), row.note(), List.copyOf(ids)));
        });
        return new Inventory(stackName, entries, skipped);
    }

    public synchronized void note(TemplateResource resource, String text) {
        notes.add(new Note(resource.logicalId(), resource.type(), text));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public List<Entry> entries(Emulation emulation) {
        return entries.values().stream().filter(entry -> entry.emulation() == emulation).toList();
    }

    public synchronized List<Note> notes() {
        return List.copyOf(notes);
    }

    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The start-up listing: every type under its classification, then skipped resources and property notes. */
    public synchronized String report() {
        StringBuilder out = new StringBuilder("Resources of stack " + stackName + ":\n");
        for (Emulation emulation : Emulation.values()) {
            List<Entry> group = entries(emulation);
            if (group.isEmpty()) {
                continue;
            }
            out.append("  ").append(emulation.label()).append(":\n");
            for (Entry entry : group) {
                out.append(String.format("    %-38s %3d  %s%n", entry.type(), entry.logicalIds().size(), entry.note()));
            }
        }
        if (!skipped.isEmpty()) {
            out.append("  not created (condition false):\n");
            skipped.forEach(line -> out.append("    ").append(line).append('\n'));
        }
        if (!notes.isEmpty()) {
            out.append("  properties accepted, not emulated:\n");
            Map<String, List<String>> idsByText = new LinkedHashMap<>();
            notes.forEach(note -> idsByText.computeIfAbsent(note.text(), text -> new ArrayList<>()).add(note.logicalId()));
            idsByText.forEach((text, ids) -> out.append("    ").append(text).append(": ")
                    .append(String.join(", ", ids)).append('\n'));
        }
        return out.toString();
    }
}
