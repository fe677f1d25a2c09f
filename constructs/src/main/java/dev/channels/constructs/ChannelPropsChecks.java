package dev.channels.constructs;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.channels.contract.ChangeKind;
import dev.channels.contract.MetadataAttributes;
import dev.channels.contract.TitleTemplate;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;

/**
 * The checks {@link ChannelProps.Builder#build()} runs on one channel's settings, so that a mistake fails at
 * synth time; each failure names the channel and says what to change.
 */
final class ChannelPropsChecks {
    private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final String name;

    ChannelPropsChecks(String name) {
        this.name = name;
    }

    void indexes(List<GlobalSecondaryIndexProps> indexes) {
        if (indexes.size() > ChannelProps.MAX_INDEXES) {
            throw new IllegalArgumentException("channel " + name + " declares " + indexes.size()
                    + " indexes; DynamoDB allows " + ChannelProps.MAX_INDEXES + " per table: drop the ones no query "
                    + "uses");
        }
        Set<String> indexNames = new HashSet<>();
        for (GlobalSecondaryIndexProps index : indexes) {
            String indexName = index.getIndexName();
            if (indexName == null || !INDEX_NAME.matcher(indexName).matches()) {
                throw new IllegalArgumentException("index name '" + indexName + "' of channel " + name + " must be "
                        + "3-255 letters, digits, '_', '-' or '.': rename the index or its key properties");
            }
            if (!indexNames.add(indexName)) {
                throw new IllegalArgumentException("channel " + name + " declares index '" + indexName
                        + "' twice: declare each index once");
            }
            keyAttribute(index.getPartitionKey().getName(), "partition key of index " + indexName);
            if (index.getSortKey() != null) {
                keyAttribute(index.getSortKey().getName(), "sort key of index " + indexName);
            }
        }
    }

    void notifyOn(Set<ChangeKind> notifyOn) {
        if (notifyOn.isEmpty()) {
            throw new IllegalArgumentException("channel " + name + " notifies on no event kind: name at least one "
                    + "of " + List.of(ChangeKind.values()));
        }
    }

    void versionProperty(String versionProperty, String idProperty) {
        property(versionProperty, "versionProperty");
        if (versionProperty.equals(idProperty)) {
            throw new IllegalArgumentException("versionProperty of channel " + name + " is the idProperty '"
                    + idProperty + "': name the property that holds the version, or leave it out to order "
                    + "writes by the time SQS received them");
        }
    }

    /** Both may be null (not set); together they must fit in Lambda's environment. */
    void notifySettings(List<String> notifyProperties, String titleTemplate) {
        if (notifyProperties != null) {
            notifyProperties(notifyProperties);
        }
        if (titleTemplate != null) {
            titleTemplate(titleTemplate);
        }
        int length = (notifyProperties == null ? 0 : String.join(",", notifyProperties).length())
                + (titleTemplate == null ? 0 : titleTemplate.length());
        if (length > ChannelProps.MAX_NOTIFY_SETTINGS_LENGTH) {
            throw new IllegalArgumentException("notifyProperties and titleTemplate of channel " + name + " take "
                    + length + " characters, over " + ChannelProps.MAX_NOTIFY_SETTINGS_LENGTH + " (Lambda allows 4 KB "
                    + "of environment variables): show fewer properties or shorten the title");
        }
    }

    private void notifyProperties(List<String> notifyProperties) {
        if (notifyProperties.isEmpty()) {
            throw new IllegalArgumentException("notifyProperties of channel " + name + " names no property: "
                    + "name at least one, or leave notifyProperties out to show all of them");
        }
        Set<String> seen = new HashSet<>();
        for (String property : notifyProperties) {
            property(property, "notifyProperties entry");
            if (property.contains(",")) {
                throw new IllegalArgumentException("notifyProperties entry '" + property + "' of channel " + name
                        + " contains a comma, which separates the entries handed to notify: rename the property");
            }
            if (!seen.add(property)) {
                throw new IllegalArgumentException("notifyProperties of channel " + name + " names '" + property
                        + "' twice: name each property once");
            }
        }
    }

    /** The grammar the notify handler parses at init ({@link TitleTemplate}), checked here so a mistake fails at synth time. */
    private void titleTemplate(String titleTemplate) {
        if (Token.isUnresolved(titleTemplate) || titleTemplate.isBlank()) {
            throw new IllegalArgumentException("titleTemplate of channel " + name + " must be literal, non-blank "
                    + "text, e.g. \"{channel} {id} {event}\"; leave it out for the default");
        }
        try {
            TitleTemplate.parse(titleTemplate);
        } catch (TitleTemplate.InvalidTemplateException e) {
            throw new IllegalArgumentException("titleTemplate of channel " + name + " " + e.problem()
                    + e.fix().map(fix -> ": " + fix).orElse(""));
        }
    }

    /** A top-level property the handlers read: literal, without surrounding blanks, not one of our own. */
    private void property(String property, String what) {
        Objects.requireNonNull(property, what + " of channel " + name + " is required");
        if (Token.isUnresolved(property) || property.isBlank() || !property.equals(property.strip())) {
            throw new IllegalArgumentException(what + " of channel " + name + " must be a literal property name "
                    + "without leading or trailing blanks, got '" + property + "'");
        }
        if (MetadataAttributes.isMetadata(property)) {
            throw new IllegalArgumentException(what + " '" + property + "' of channel " + name + " starts with '"
                    + MetadataAttributes.PREFIX + "', which is reserved for the attributes the pipeline adds: "
                    + "rename the property");
        }
    }

    void keyAttribute(String attribute, String what) {
        Objects.requireNonNull(attribute, what + " of channel " + name + " is required");
        if (Token.isUnresolved(attribute) || attribute.isBlank()
                || attribute.length() > ChannelProps.MAX_KEY_ATTRIBUTE_LENGTH) {
            throw new IllegalArgumentException(what + " of channel " + name + " must be a literal property name "
                    + "of 1-" + ChannelProps.MAX_KEY_ATTRIBUTE_LENGTH + " characters, got '" + attribute + "'");
        }
    }

    /** A function's memory, within what Lambda allows. */
    void memorySize(int megabytes, String what) {
        if (megabytes < ChannelProps.MIN_MEMORY_SIZE_MB || megabytes > ChannelProps.MAX_MEMORY_SIZE_MB) {
            throw new IllegalArgumentException(what + " of channel " + name + " must be " + ChannelProps.MIN_MEMORY_SIZE_MB
                    + " to " + ChannelProps.MAX_MEMORY_SIZE_MB + " MB (Lambda's limits), got " + megabytes
                    + "; leave it out for the default");
        }
    }

    /** A function's timeout: whole seconds, within what Lambda allows. */
    void timeout(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what + " of channel " + name + " is required; leave it out for the default");
        double seconds = timeout.toMilliseconds().doubleValue() / 1000;
        if (seconds < 1 || seconds > ChannelProps.MAX_TIMEOUT_SECONDS || seconds != Math.rint(seconds)) {
            throw new IllegalArgumentException(what + " of channel " + name + " must be a whole number of seconds "
                    + "from 1 to " + ChannelProps.MAX_TIMEOUT_SECONDS + " (Lambda's limits), got "
                    + timeout.toHumanString() + "; leave it out for the default");
        }
    }

    /** An event source's batch size: 1 to {@code max}, for the reason {@code why}. */
    void batchSize(int batchSize, int max, String what, String why) {
        if (batchSize < 1 || batchSize > max) {
            throw new IllegalArgumentException(what + " of channel " + name + " must be 1 to " + max + " (" + why
                    + "), got " + batchSize + "; leave it out for the default");
        }
    }
}
