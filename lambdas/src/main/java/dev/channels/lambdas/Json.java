package dev.channels.lambdas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The one Jackson factory of the handlers. Streaming only: reading tokens ourselves keeps each
 * number's exact text (no trip through double or BigDecimal) and keeps databind out of the jar.
 */
public final class Json {
    /**
     * Duplicate keys are refused: which of two values a producer meant is anybody's guess. Parser
     * errors never quote the source, so an exception cannot carry a payload or a secret into a log.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Json() {
    }
}
