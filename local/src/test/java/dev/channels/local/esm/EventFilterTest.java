package dev.channels.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.channels.local.Json;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static EventFilter filter(String... patterns) {
        var criteria = Json.object();
        var filters = criteria.putArray("Filters");
        for (String pattern : patterns) {
            filters.addObject().put("Pattern", pattern);
        }
        return EventFilter.of(criteria);
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

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
    void filtersAreOredAndRulesCoverPrefixExistsAnythingButNumeric() {
        EventFilter either = filter("{\"eventName\":[\"INSERT\"]}", "{\"eventName\":[\"REMOVE\"]}");
        assertThat(either.matches(json("{\"eventName\":\"REMOVE\"}"))).isTrue();
        assertThat(either.matches(json("{\"eventName\":\"MODIFY\"}"))).isFalse();

        assertThat(filter("{\"a\":[{\"prefix\":\"ab\"}]}").matches(json("{\"a\":\"abc\"}"))).isTrue();
        assertThat(filter("{\"a\":[{\"exists\":false}]}").matches(json("{\"b\":1}"))).isTrue();
        assertThat(filter("{\"a\":[{\"exists\":true}]}").matches(json("{\"b\":1}"))).isFalse();
        assertThat(filter("{\"a\":[{\"anything-but\":[\"x\",\"y\"]}]}").matches(json("{\"a\":\"z\"}"))).isTrue();
        assertThat(filter("{\"a\":[{\"anything-but\":[\"x\",\"y\"]}]}").matches(json("{\"a\":\"x\"}"))).isFalse();
        assertThat(filter("{\"a\":[{\"numeric\":[\">\",0,\"<=\",5]}]}").matches(json("{\"a\":5}"))).isTrue();
        assertThat(filter("{\"a\":[{\"numeric\":[\">\",0,\"<=\",5]}]}").matches(json("{\"a\":6}"))).isFalse();
        assertThat(filter("{\"a\":[1]}").matches(json("{\"a\":1.0}"))).isTrue();
        assertThat(filter("{\"a\":[\"v\"]}").matches(json("{\"a\":[\"u\",\"v\"]}"))).isTrue();
        assertThat(EventFilter.none().matches(json("{}"))).isTrue();
    }

    @Test
    void badPatternsFailAtStart() {
        assertThatThrownBy(() -> filter("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filter("{\"eventName\":\"INSERT\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventName");
    }
}
