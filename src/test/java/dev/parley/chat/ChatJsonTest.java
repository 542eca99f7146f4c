package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the parser must never see, and the bad_json answer every malformed request gets instead of an escape. */
class ChatJsonTest {

    private static RequestRejected refused(String text) {
        return assertThrows(RequestRejected.class, () -> ChatJson.parse(text));
    }

    @Test
    void nestingUpToTheLimitParsesOneLevelMoreIsRefusedBeforeParsing() {
        String ok = "{\"a\":" + "[".repeat(JsonLimits.MAX_DEPTH - 1) + "]".repeat(JsonLimits.MAX_DEPTH - 1) + "}";
        assertEquals(1, ChatJson.parse(ok).size());
        String deep = "{\"a\":" + "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH) + "}";
        assertEquals(JsonLimits.Breach.DEPTH, JsonLimits.check(deep));
        RequestRejected e = refused(deep);
        assertEquals("bad_json", e.code());
        assertEquals("json_depth", e.kind());
    }

    /** Parsson overflows the stack on deep objects and throws a plain RuntimeException on deep arrays. */
    @ParameterizedTest
    @ValueSource(ints = {2_000, 100_000})
    void deepObjectsAndArraysOpenOrUnclosedAreBadJson(int depth) {
        for (String text : new String[] {"{\"a\":".repeat(depth) + "1" + "}".repeat(depth), "[".repeat(depth),
                "{\"a\":" + "[".repeat(depth)}) {
            assertEquals("json_depth", refused(text).kind());
        }
    }

    @Test
    void bracketsAndDigitsInsideStringsDoNotCount() {
        String text = "{\"text\":\"" + "[{".repeat(1000) + "9".repeat(1000) + "\\\"]]\",\"ack\":\"1\"}";
        assertNull(JsonLimits.check(text));
        assertEquals("1", ChatJson.parse(text).getString("ack"));
    }

    @Test
    void aNumberOverTheLengthLimitIsRefusedBeforeParsing() {
        String longest = "9".repeat(JsonLimits.MAX_NUMBER_CHARS);
        assertEquals(1, ChatJson.parse("{\"n\":" + longest + "}").size());
        for (String number : new String[] {longest + "9", "9".repeat(100_000), "1" + "0".repeat(2000) + "e-2000",
                "-0." + "1".repeat(40)}) {
            RequestRejected e = refused("{\"n\":" + number + "}");
            assertEquals("bad_json", e.code());
            assertEquals("json_number", e.kind());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nul", "[1]", "\"text\"", "{\"a\":\"\\x\"}", "{\"a\u0000\":1}", "{\"a\":1",
            "{\"a\":1}}}}", "]]]]{}"})
    void malformedTextOrNotAnObjectIsBadJsonOfKindSyntax(String text) {
        RequestRejected e = refused(text);
        assertEquals("bad_json", e.code());
        assertEquals("json_syntax", e.kind());
    }

    /** JsonNumber.longValue() keeps the low 64 bits: 2^64 + 5 would be 5, 2^64 + 1 would be 1. */
    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551621", "18446744073709551617", "9223372036854775808", "-1",
            "1e400", "1E+30", "5.5"})
    void numbersOutsideTheRangeOrNotWholeAreBadFieldNeverWrapped(String number) {
        RequestRejected e = assertThrows(RequestRejected.class,
                () -> ChatJson.number(ChatJson.parse("{\"since\":" + number + "}"), "since", 0, 0, Long.MAX_VALUE));
        assertEquals("bad_field", e.code());
    }

    @Test
    void whitespaceAroundTheObjectIsJson() {
        assertEquals(1, ChatJson.parse(" \t\r\n{\"a\":1} \n").getInt("a"));
    }

    @Test
    void numbersInRangeAreReturned() {
        assertEquals(Long.MAX_VALUE, ChatJson.number(ChatJson.parse("{\"n\":9223372036854775807}"), "n", 0, 0,
                Long.MAX_VALUE));
        assertEquals(7, ChatJson.number(ChatJson.parse("{}"), "n", 7, 1, 10));
        assertEquals("number_range", assertThrows(RequestRejected.class,
                () -> ChatJson.number(ChatJson.parse("{\"limit\":18446744073709551621}"), "limit", 100, 1, 1000))
                .kind());
    }
}
