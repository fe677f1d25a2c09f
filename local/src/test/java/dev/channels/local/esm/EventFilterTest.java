package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.channels.local.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Lambda's event filtering (Event Ruler patterns) on records as the pollers build them. */
class EventFilterTest {
    private static EventFilter filter(String... patterns) {
        ObjectNode criteria = Json.object();
        var filters = criteria.putArray("Filters");
        for (String pattern : patterns) {
            filters.addObject().put("Pattern", pattern);
        }
        return EventFilter.of(criteria);
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class ValuesAndKeys {
        @Test
        void exactStringListsOnTopLevelAndNestedKeys() {
            EventFilter events = filter("{\"eventName\":[\"INSERT\",\"MODIFY\"]}");
            assertThat(events.matches(json("{\"eventName\":\"INSERT\"}"))).isTrue();
            assertThat(events.matches(json("{\"eventName\":\"MODIFY\"}"))).isTrue();
            assertThat(events.matches(json("{\"eventName\":\"REMOVE\"}"))).isFalse();
            assertThat(events.matches(json("{}"))).isFalse();

            EventFilter nested = filter("{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[\"open\"]}}}}");
            assertThat(nested.matches(json("{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":\"open\"}}}}"))).isTrue();
            assertThat(nested.matches(json("{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":\"closed\"}}}}"))).isFalse();
            assertThat(nested.matches(json("{\"dynamodb\":{\"OldImage\":{}}}"))).isFalse();
        }

        @Test
        void numbersMatchAsNumbersAndArraysMatchAnyElement() {
            assertThat(filter("{\"a\":[1]}").matches(json("{\"a\":1.0}"))).isTrue();
            assertThat(filter("{\"a\":[1]}").matches(json("{\"a\":\"1\"}"))).isFalse();
            assertThat(filter("{\"a\":[\"v\"]}").matches(json("{\"a\":[\"u\",\"v\"]}"))).isTrue();
            assertThat(filter("{\"a\":[\"w\"]}").matches(json("{\"a\":[\"u\",\"v\"]}"))).isFalse();
        }

        @Test
        void filtersAreOredAndNoFiltersPassEverything() {
            EventFilter either = filter("{\"eventName\":[\"INSERT\"]}", "{\"eventName\":[\"REMOVE\"]}");
            assertThat(either.matches(json("{\"eventName\":\"REMOVE\"}"))).isTrue();
            assertThat(either.matches(json("{\"eventName\":\"MODIFY\"}"))).isFalse();
            assertThat(EventFilter.none().matches(json("{}"))).isTrue();
            assertThat(EventFilter.none().isEmpty()).isTrue();
            assertThat(EventFilter.of(json("{\"Filters\":[]}")).isEmpty()).isTrue();
        }
    }

    @Nested
    class Operators {
        @Test
        void prefixSuffixAndEqualsIgnoreCase() {
            assertThat(filter("{\"a\":[{\"prefix\":\"ab\"}]}").matches(json("{\"a\":\"abc\"}"))).isTrue();
            assertThat(filter("{\"a\":[{\"prefix\":\"ab\"}]}").matches(json("{\"a\":\"cab\"}"))).isFalse();
            assertThat(filter("{\"a\":[{\"suffix\":\".png\"}]}").matches(json("{\"a\":\"x.png\"}"))).isTrue();
            assertThat(filter("{\"a\":[{\"suffix\":\".png\"}]}").matches(json("{\"a\":\"x.jpg\"}"))).isFalse();
            assertThat(filter("{\"a\":[{\"equals-ignore-case\":\"Open\"}]}").matches(json("{\"a\":\"oPEN\"}"))).isTrue();
        }

        @Test
        void existsAndAnythingBut() {
            assertThat(filter("{\"a\":[{\"exists\":false}]}").matches(json("{\"b\":1}"))).isTrue();
            assertThat(filter("{\"a\":[{\"exists\":true}]}").matches(json("{\"b\":1}"))).isFalse();
            assertThat(filter("{\"a\":[{\"exists\":true}]}").matches(json("{\"a\":\"x\"}"))).isTrue();
            assertThat(filter("{\"a\":[{\"anything-but\":[\"x\",\"y\"]}]}").matches(json("{\"a\":\"z\"}"))).isTrue();
            assertThat(filter("{\"a\":[{\"anything-but\":[\"x\",\"y\"]}]}").matches(json("{\"a\":\"x\"}"))).isFalse();
            assertThat(filter("{\"a\":[{\"anything-but\":{\"prefix\":\"tmp-\"}}]}").matches(json("{\"a\":\"tmp-1\"}"))).isFalse();
            assertThat(filter("{\"a\":[{\"anything-but\":{\"prefix\":\"tmp-\"}}]}").matches(json("{\"a\":\"job-1\"}"))).isTrue();
        }

        @Test
        void numericRanges() {
            EventFilter range = filter("{\"a\":[{\"numeric\":[\">\",0,\"<=\",5]}]}");
            assertThat(range.matches(json("{\"a\":5}"))).isTrue();
            assertThat(range.matches(json("{\"a\":0.5}"))).isTrue();
            assertThat(range.matches(json("{\"a\":6}"))).isFalse();
            assertThat(range.matches(json("{\"a\":0}"))).isFalse();
            assertThat(range.matches(json("{\"a\":\"3\"}"))).isFalse();
        }

        @Test
        void orAcrossKeys() {
            EventFilter or = filter("{\"$or\":[{\"a\":[\"x\"]},{\"b\":[\"y\"]}]}");
            assertThat(or.matches(json("{\"b\":\"y\"}"))).isTrue();
            assertThat(or.matches(json("{\"a\":\"y\",\"b\":\"x\"}"))).isFalse();
        }
    }

    /** SQS records: the pollers parse a JSON body before filtering; any other body stays a plain string. */
    @Nested
    class SqsBodies {
        private JsonNode sqsRecord(String body) {
            ObjectNode record = Json.object();
            record.put("messageId", "m-1");
            record.put("body", body);
            record.put("eventSource", "aws:sqs");
            return SqsPoller.filterView(record);
        }

        @Test
        void aJsonBodyMatchesFiltersOnItsProperties() {
            EventFilter open = filter("{\"body\":{\"status\":[\"open\"]}}");
            assertThat(open.matches(sqsRecord("{\"id\":\"a\",\"status\":\"open\"}"))).isTrue();
            assertThat(open.matches(sqsRecord("{\"id\":\"a\",\"status\":\"closed\"}"))).isFalse();
        }

        @Test
        void aPlainTextBodyOnlyMatchesFiltersOnTheBodyAsAString() {
            assertThat(filter("{\"body\":[\"hello\"]}").matches(sqsRecord("hello"))).isTrue();
            assertThat(filter("{\"body\":[{\"prefix\":\"hel\"}]}").matches(sqsRecord("hello"))).isTrue();
            assertThat(filter("{\"body\":{\"status\":[\"open\"]}}").matches(sqsRecord("status open"))).isFalse();
            assertThat(filter("{\"body\":{\"status\":[\"open\"]}}").matches(sqsRecord("{not json"))).isFalse();
        }
    }

    @Test
    void badPatternsFailAtStart() {
        assertThatThrownBy(() -> filter("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filter("{\"eventName\":\"INSERT\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventName");
        assertThatThrownBy(() -> filter("{\"a\":[{\"numeric\":[\"~\",1]}]}")).isInstanceOf(IllegalArgumentException.class);
    }
}
