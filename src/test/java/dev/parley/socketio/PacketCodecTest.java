package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The packet encoding of socket.io-protocol's README ("Packet encoding", "Examples"), each example fed whole. */
class PacketCodecTest {

    /** Every encoded example of the README, parsed and written again unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0",
        "0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
        "4{\"message\":\"Not authorized\"}",
        "2[\"foo\"]",
        "2/admin,[\"bar\"]",
        "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]",
        "52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "212[\"foo\"]",
        "3/admin,13[\"bar\"]",
        "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
        "1",
        "1/admin,",
        "0/admin,",
        "61-/admin,1[{\"_placeholder\":true,\"num\":0}]",
        "2[\"message\",1,\"2\",{\"3\":[true]}]",
        "3456[1,\"2\",{\"3\":[false]}]",
    })
    void readmeExamplesRoundTrip(String text) {
        assertEquals(text, PacketWriter.write(PacketParser.parse(text)));
    }

    @Test
    void fieldsOfTheExamples() {
        Packet connect = PacketParser.parse("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}");
        assertEquals(new Packet(PacketType.CONNECT, "/admin", Packet.NO_ID,
                SocketIoJson.parse("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"), 0), connect);
        Packet binary = PacketParser.parse("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},"
                + "{\"_placeholder\":true,\"num\":1}]");
        assertEquals(PacketType.BINARY_EVENT, binary.type());
        assertEquals(2, binary.attachments());
        assertEquals("/admin", binary.nsp());
        Packet ack = PacketParser.parse("3/admin,13[\"bar\"]");
        assertEquals(13, ack.id());
        assertEquals(PacketType.ACK, ack.type());
        Packet main = PacketParser.parse("212[\"foo\"]");
        assertEquals(Packet.MAIN, main.nsp());
        assertEquals(12, main.id());
        assertNull(PacketParser.parse("1").data());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "40/custom|/custom",
        "0/custom,|/custom",
        "0/custom,{\"token\":\"abc\"}|/custom",
        "0/random|/random",
        "0|/",
        "0{\"token\":\"123\"}|/",
    })
    void namespaceWithOrWithoutTrailingComma(String text, String nsp) {
        String packet = text.startsWith("4") ? text.substring(1) : text;
        assertEquals(nsp, PacketParser.parse(packet).nsp());
    }

    @Test
    void jsonComesOutAsItCameIn() {
        // Echoes are compared as strings: compact, key order kept, integers stay integers, decimals stay decimals.
        String[] payloads = {"[\"e\",{\"b\":1,\"a\":2,\"c\":{\"z\":[1,2.5,-0.25,1e3]}}]",
            "[\"e\",\"\\\"quoted\\\" \\\\ \\n tab\\t é 😀 /\"]", "[\"e\",null,true,false,12345678901234567890]"};
        for (String payload : payloads) {
            assertEquals(payload.replace("1e3", "1E+3"),
                    PacketWriter.write(PacketParser.parse("2" + payload)).substring(1));
        }
    }

    @Test
    void eventsAreWrittenWithPlaceholdersForBinaryArguments() {
        PacketWriter.Outgoing plain = PacketWriter.event("/", Packet.NO_ID, "hey", List.of("Jude"));
        assertEquals("2[\"hey\",\"Jude\"]", plain.text());
        assertEquals(List.of(), plain.attachments());
        PacketWriter.Outgoing binary = PacketWriter.event("/admin", Packet.NO_ID, "baz",
                List.of(new byte[] {1, 2}, new byte[] {3, 4}));
        assertEquals("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                binary.text());
        assertEquals(2, binary.attachments().size());
        assertArrayEquals(new byte[] {3, 4}, binary.attachments().get(1));
        assertEquals(3, binary.messages().size());
        PacketWriter.Outgoing ack = PacketWriter.ack("/", 15, List.of("bar", new byte[] {1, 2, 3, 4}));
        assertEquals("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", ack.text());
        assertEquals("3/admin,13[\"bar\"]", PacketWriter.ack("/admin", 13, List.of("bar")).text());
        assertEquals("212[\"foo\"]", PacketWriter.event("/", 12, "foo", List.of()).text());
        assertEquals("2[\"n\",1,2.5,true,null,{}]", PacketWriter.event("/", Packet.NO_ID, "n",
                java.util.Arrays.asList(1, 2.5, true, null, JsonValue.EMPTY_JSON_OBJECT)).text());
    }

    /** What a client may not send: each closes its connection ("parse error"). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|empty packet",
        "abc|unknown packet type",
        "7[\"x\"]|unknown packet type",
        "2{}|EVENT payload is not an array",
        "2[]|EVENT payload is an empty array",
        "2[1]|EVENT name is not a string",
        "2|EVENT payload is not an array",
        "2[\"connect\"]|reserved event name",
        "2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]|ack id is not a number",
        "2[\"x\"|payload is not valid JSON",
        "2[\"x\"]]|payload is not valid JSON",
        "0[1]|CONNECT payload is not an object",
        "0\"token\"|CONNECT payload is not an object",
        "1{}|DISCONNECT with a payload",
        "3[1]|ACK without an id",
        "31{}|ACK payload is not an array",
        "5[\"x\"]|bad attachment count",
        "5-[\"x\"]|bad attachment count",
        "51[\"x\"]|bad attachment count",
        "517-[\"x\"]|more than 16 attachments",
        "512345-[\"x\"]|bad attachment count",
        "212345678901234567[\"x\"]|ack id longer than 16 digits",
        "4|CONNECT_ERROR payload is not an object",
    })
    void malformedPacketsAreViolations(String text, String reason) {
        PacketViolation violation = assertThrows(PacketViolation.class,
                () -> PacketParser.parse(text == null ? "" : text));
        assertEquals(reason, violation.reason());
    }

    @Test
    void namespaceBounds() {
        String longest = "/" + "n".repeat(PacketParser.MAX_NAMESPACE - 1);
        assertEquals(longest, PacketParser.parse("0" + longest + ",").nsp());
        assertEquals("namespace longer than 256 characters",
                assertThrows(PacketViolation.class, () -> PacketParser.parse("0" + longest + "n,")).reason());
        assertEquals("control character in the namespace",
                assertThrows(PacketViolation.class, () -> PacketParser.parse("0/a\u0001b,")).reason());
    }

    @Test
    void deepPayloadsAreRefused() {
        String deep = "[".repeat(SocketIoJson.MAX_DEPTH + 1) + "]".repeat(SocketIoJson.MAX_DEPTH + 1);
        assertThrows(PacketViolation.class, () -> PacketParser.parse("2[\"x\"," + deep + "]"));
        String ok = "[".repeat(SocketIoJson.MAX_DEPTH - 1) + "]".repeat(SocketIoJson.MAX_DEPTH - 1);
        assertEquals("2[\"x\"," + ok + "]", PacketWriter.write(PacketParser.parse("2[\"x\"," + ok + "]")));
    }
}
