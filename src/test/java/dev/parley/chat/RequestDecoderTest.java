package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every request type decoded, and every error a frame's text alone can earn (docs/protocol.md, "Errors"). */
class RequestDecoderTest {
    private final RequestDecoder decoder = new RequestDecoder(8, 50);

    /** Single quotes for double. */
    private RequestDecoder.Decoded decode(String text) {
        return decoder.decode(text.replace('\'', '"'));
    }

    @Test
    void eachTypeIsDecodedIntoItsRecordWithTheAckId() {
        assertEquals(new ChatRequest.Join("1", "lobby"), decode("{'type':'join','room':'lobby','ack':'1'}").request());
        assertEquals(new ChatRequest.Leave(null, "a.b-c_9"), decode("{'type':'leave','room':'a.b-c_9'}").request());
        assertEquals(new ChatRequest.Say("2", "lobby", "hi"),
                decode("{'ack':'2','type':'say','room':'lobby','text':'hi'}").request());
        assertEquals(new ChatRequest.Whisper(null, "bob", "psst"),
                decode("{'type':'whisper','to':'bob','text':'psst'}").request());
        assertEquals(new ChatRequest.History("3", "lobby", 12, 7, "9b1d"),
                decode("{'type':'history','room':'lobby','since':12,'limit':7,'epoch':'9b1d','ack':'3'}").request());
    }

    @Test
    void historyDefaultsToEverythingAHundredAtATimeInNoEpoch() {
        RequestDecoder wide = new RequestDecoder(8, 1000);
        assertEquals(new ChatRequest.History(null, "lobby", 0, 100, null),
                wide.decode("{\"type\":\"history\",\"room\":\"lobby\",\"epoch\":null}").request());
    }

    @Test
    void anAckThatIsNotAStringIsNoAck() {
        assertEquals(new ChatRequest.Join(null, "lobby"), decode("{'type':'join','room':'lobby','ack':7}").request());
    }

    @Test
    void aTextThatIsNotJsonIsBadJsonWithoutAckCountedByKind() {
        RequestDecoder.Decoded decoded = decode("{'type':'join','ack':'1'");
        assertNull(decoded.request());
        assertNull(decoded.ack());
        assertEquals("bad_json", decoded.rejected().code());
        assertEquals("json_syntax", decoded.rejected().kind());
        assertEquals("json_depth", decode("{'a':[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]}").rejected().kind());
        assertEquals("json_number", decode("{'a':" + "1".repeat(33) + "}").rejected().kind());
    }

    /** The error each malformed request gets: code, message, and the metrics kind (empty: a refusal, not counted). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'ack':'x'}|missing_field|\"type\" is required|",
        "{'type':null,'ack':'x'}|missing_field|\"type\" is required|",
        "{'type':3,'ack':'x'}|bad_field|\"type\" must be a string|",
        "{'type':'dance','ack':'x'}|unknown_type|unknown request type \"dance\"|",
        "{'type':'join','ack':'x'}|missing_field|\"room\" is required|",
        "{'type':'join','room':'','ack':'x'}|bad_field|room names are 1-64 letters, digits, '_', '-' or '.'|",
        "{'type':'leave','room':'a b','ack':'x'}|bad_field|room names are 1-64 letters, digits, '_', '-' or '.'|",
        "{'type':'say','room':'r','ack':'x'}|missing_field|\"text\" is required|",
        "{'type':'say','room':'r','text':'','ack':'x'}|bad_field|\"text\" must not be empty|",
        "{'type':'say','room':'r','text':'123456789','ack':'x'}|text_too_long|text of 9 bytes is over the limit of 8|",
        "{'type':'say','room':'r','text':'\u20ac\u20ac\u20ac','ack':'x'}|text_too_long|text of 9 bytes is over the limit of 8|",
        "{'type':'say','text':'','ack':'x'}|missing_field|\"room\" is required|",
        "{'type':'whisper','text':'hi','ack':'x'}|missing_field|\"to\" is required|",
        "{'type':'whisper','to':'bob','text':[],'ack':'x'}|bad_field|\"text\" must be a string|",
        "{'type':'history','room':'r','since':-1,'ack':'x'}|bad_field|\"since\" must be between 0 and 9223372036854775807|number_range",
        "{'type':'history','room':'r','since':1.5,'ack':'x'}|bad_field|\"since\" must be a whole number|",
        "{'type':'history','room':'r','limit':0,'ack':'x'}|bad_field|\"limit\" must be between 1 and 50|number_range",
        "{'type':'history','room':'r','limit':51,'ack':'x'}|bad_field|\"limit\" must be between 1 and 50|number_range",
        "{'type':'history','room':'r','limit':18446744073709551617,'ack':'x'}|bad_field|\"limit\" must be between 1 and 50|number_range",
        "{'type':'history','room':'r','epoch':5,'ack':'x'}|bad_field|\"epoch\" must be a string|",
    })
    void aMalformedRequestIsRefusedWithItsCodeAndMessageAndKeepsItsAck(String text, String code, String message,
                                                                        String kind) {
        RequestDecoder.Decoded decoded = decode(text);
        assertNull(decoded.request());
        assertEquals("x", decoded.ack());
        assertEquals(code, decoded.rejected().code());
        assertEquals(message, decoded.rejected().getMessage());
        assertEquals(kind, decoded.rejected().kind());
    }
}
