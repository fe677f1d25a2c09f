package dev.channels.local.cloudwatch;

import java.time.Instant;

/** One value of a metric at one time, with its unit ({@code None} when the producer gave none). */
public record Datapoint(Instant timestamp, double value, String unit) {
}
