package dev.channels.lambdas.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.channels.contract.ArchiveKeys;
import dev.channels.contract.Metrics;
import dev.channels.lambdas.Json;
import dev.channels.lambdas.snapstart.Priming;
import dev.channels.lambdas.observe.Counters;
import dev.channels.lambdas.payload.PayloadStore;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The SnapStart priming of an ingest function: runs the code paths of a write without writing. */
final class IngestPriming extends Priming {
    private final IngestConfig config;
    private final InboxReader reader;
    private final StorageRules rules;
    private final ConditionalWriter writer;
    private final PayloadStore payloads;
    private final Writers writers;
    private final Clock clock;

    IngestPriming(IngestConfig config, InboxReader reader, StorageRules rules, ConditionalWriter writer,
            PayloadStore payloads, Writers writers, Clock clock) {
        super(Metrics.INGEST_HANDLER, config.channelName());
        this.config = config;
        this.reader = reader;
        this.rules = rules;
        this.writer = writer;
        this.payloads = payloads;
        this.writers = writers;
        this.clock = clock;
    }

    /**
     * Reads a sample message, builds its item (inline and claim-checked), sends its conditional put for a key
     * ingest can never write under a condition that can never hold (DynamoDB refuses it) and reads that key,
     * asks S3 for a key never written, starts the writer threads and renders a metrics line without printing it.
     * After a restore there is nothing to renew: the clients keep no per-environment state that must differ.
     */
    @Override
    protected void steps() throws InvalidMessageException {
        Instant now = clock.instant();
        SQSMessage sample = new SQSMessage();
        sample.setMessageId("priming");
        sample.setBody(primingBody());
        InboxMessage message = reader.read(sample, now);
        Map<String, AttributeValue> item = message.inlineItem();
        rules.violation(item);
        ArchiveKeys.raw(now, "priming");
        String payloadKey = ArchiveKeys.payload(message.id(), "priming");
        ItemSize.of(message.claimCheckedItem(payloadKey, config.idProperty(), config.versionProperty()));
        writer.prime(item, message.version());
        payloads.prime();
        writers.prime();
        new Counters(config.envName(), config.channelName(), Metrics.INGEST_HANDLER, Metrics.INGEST_METRICS).toEmf(now);
    }

    /** A body with every JSON type, carrying the channel's own id and version properties. */
    private String primingBody() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(config.idProperty(), "priming");
            if (config.versionProperty().isPresent()) {
                json.writeNumberField(config.versionProperty().get(), 1);
            }
            json.writeStringField("text", "Gr\u00f6\u00dfe \uD83D\uDE80");
            json.writeNumberField("amount", new BigDecimal("12.50"));
            json.writeBooleanField("flag", true);
            json.writeNullField("none");
            json.writeArrayFieldStart("list");
            json.writeNumber(1);
            json.writeString("a");
            json.writeEndArray();
            json.writeObjectFieldStart("nested");
            json.writeStringField("k", "v");
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
