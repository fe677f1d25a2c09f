package dev.channels.tools.capacity;

/** A number the calculator takes from outside the template: a documented limit or a measurement, with its source. */
public record Figure(String name, double value, String unit, String source) {
}
