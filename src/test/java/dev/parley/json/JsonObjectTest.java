package dev.parley.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class JsonObjectTest {
    @Test
    void fieldsComeOutInOrderOnOneLine() {
        String json = new JsonObject().put("id", "1.1").put("n", 3).put("ok", true).put("none", (String) null)
                .put("inner", new JsonObject().put("a", 1))
                .putObjects("list", List.of(new JsonObject().put("x", 1), new JsonObject()))
                .putStrings("names", List.of("a", "b"))
                .toString();
        assertEquals("{\"id\":\"1.1\",\"n\":3,\"ok\":true,\"none\":null,\"inner\":{\"a\":1},"
                + "\"list\":[{\"x\":1},{}],\"names\":[\"a\",\"b\"]}", json);
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("\"q\\\"b\\\\n\\nt\\tc\\u0001 κόσμε\"", JsonObject.quote("q\"b\\n\nt\tc\u0001 κόσμε"));
    }
}
