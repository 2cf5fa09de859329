package io.modelgate.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call span's attributes read as the SDK's would: a key set again keeps its last value; an equal key finds it. */
class CallAttributesTest {

    @Test
    void aKeySetAgainKeepsItsLastValueInItsFirstPlace() {
        CallAttributes attributes = new CallAttributes();
        attributes.put(SpanAttributes.REQUEST_MODEL, "first");
        attributes.put(SpanAttributes.INPUT_TOKENS, 12L);
        attributes.put(SpanAttributes.FINISH_REASONS, List.of("stop"));
        attributes.put(AttributeKey.stringKey("gen_ai.request.model"), "gpt-gw"); // equal, not the same key object

        assertEquals(3, attributes.size());
        assertEquals("gpt-gw", attributes.get(SpanAttributes.REQUEST_MODEL));
        assertEquals(12L, attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
        assertNull(attributes.get(AttributeKey.stringKey("gen_ai.usage.input_tokens")), "a key of another type is another key");
        List<String> order = new ArrayList<>();
        attributes.forEach((key, value) -> order.add(key.getKey() + "=" + value));
        assertEquals(List.of("gen_ai.request.model=gpt-gw", "gen_ai.usage.input_tokens=12", "gen_ai.response.finish_reasons=[stop]"), order);
        assertEquals(Attributes.builder().put(SpanAttributes.INPUT_TOKENS, 12L).put(SpanAttributes.REQUEST_MODEL, "gpt-gw")
                .put(SpanAttributes.FINISH_REASONS, List.of("stop")).build().asMap(), attributes.asMap());
        assertEquals(attributes.asMap(), attributes.toBuilder().build().asMap());
    }

    @Test
    void manyKeysOutgrowTheFirstArray() {
        CallAttributes attributes = new CallAttributes();
        for (long i = 0; i < 40; i++) {
            attributes.put(AttributeKey.longKey("k" + i), i);
        }
        assertEquals(40, attributes.size());
        assertEquals(39L, attributes.get(AttributeKey.longKey("k39")));
        for (long i = 0; i < 40; i++) {
            attributes.put(AttributeKey.longKey("k" + i), -i); // equal keys, other objects: found, not added
        }
        assertEquals(40, attributes.size());
        assertEquals(-39L, attributes.get(AttributeKey.longKey("k39")));
        for (long i = 40; i < 200; i++) {
            attributes.put(AttributeKey.longKey("k" + i), i);
        }
        assertEquals(CallAttributes.MOST, attributes.size(), "beyond what a span keeps, attributes are dropped");
        assertEquals(200, attributes.totalCount(), "and counted");
        assertEquals(126L, attributes.get(AttributeKey.longKey("k126")));
    }

    @Test
    void sharedAttributesComeFirstAndAKeyOfTheirsSetAgainIsReplacedForThisSpanAlone() {
        Attributes shared = Attributes.of(SpanAttributes.PROVIDER, "openai", SpanAttributes.REQUEST_MODEL, "gpt-4o");
        CallAttributes attributes = new CallAttributes(shared);
        attributes.put(SpanAttributes.HTTP_STATUS, 200L);
        assertEquals(3, attributes.size());
        assertEquals("gpt-4o", attributes.get(SpanAttributes.REQUEST_MODEL));
        assertEquals(Map.of(SpanAttributes.PROVIDER, "openai", SpanAttributes.REQUEST_MODEL, "gpt-4o", SpanAttributes.HTTP_STATUS, 200L),
                attributes.asMap());

        attributes.put(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o-mini"); // equal to the shared key, not the same object
        assertEquals(3, attributes.size(), "replaced, not added");
        assertEquals("gpt-4o-mini", attributes.get(SpanAttributes.REQUEST_MODEL));
        List<Object> seen = new ArrayList<>();
        attributes.forEach((key, value) -> seen.add(key.getKey() + "=" + value));
        assertEquals(3, seen.size(), seen.toString());
        assertTrue(seen.contains("gen_ai.request.model=gpt-4o-mini"), seen.toString());
        assertEquals("gpt-4o", shared.get(SpanAttributes.REQUEST_MODEL), "the shared attributes are never written");
    }
}
