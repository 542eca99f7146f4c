package dev.parley.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;

import org.junit.jupiter.api.Test;

/** The tools' JSON through JSON-P: what {@code inspect --json}, {@code conformance --json} and the soak print. */
class JsonTextTest {
    @Test
    void fieldsComeOutInOrderOnOneLine() {
        JsonArrayBuilder names = JsonText.array();
        List.of("a", "b").forEach(names::add);
        String json = JsonText.write(JsonText.object().add("id", "1.1").add("n", 3).add("ok", true)
                .add("none", JsonText.string(null))
                .add("inner", JsonText.object().add("a", 1))
                .add("list", JsonText.array().add(JsonText.object().add("x", 1)).add(JsonText.object()))
                .add("names", names));
        assertEquals("{\"id\":\"1.1\",\"n\":3,\"ok\":true,\"none\":null,\"inner\":{\"a\":1},"
                + "\"list\":[{\"x\":1},{}],\"names\":[\"a\",\"b\"]}", json);
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001 κόσμε\"", JsonText.quote("q\"b\\n\nt\tc\u0001 κόσμε"));
    }

    @Test
    void lineAndParagraphSeparatorsAreEscapedSoALineStaysOneLine() {
        assertEquals("\"a\\u2028b\\u2029c\"", JsonText.quote("a\u2028b\u2029c"));
        assertEquals("a\u2028b", JsonText.readObject(JsonText.write(JsonText.object().add("t", "a\u2028b")))
                .getString("t"));
    }

    @Test
    void readsAnObjectAndRefusesWhatIsNotOne() {
        assertEquals(2, JsonText.readObject("{\"a\":[1,{\"b\":2}]}").getJsonArray("a").getJsonObject(1).getInt("b"));
        assertThrows(JsonException.class, () -> JsonText.readObject("[1]"));
        assertThrows(JsonException.class, () -> JsonText.readObject("{\"a\":"));
        assertThrows(JsonException.class, () -> JsonText.readObject("{\"a\":1} {}"));
        assertThrows(JsonException.class, () -> JsonText.readObject(""));
    }
}
