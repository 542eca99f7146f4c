package dev.parley.conformance;

import static dev.parley.conformance.Probes.answersPing;
import static dev.parley.conformance.Probes.echoesClose;
import static dev.parley.conformance.Probes.echoesText;
import static dev.parley.conformance.Probes.failsWith;
import static dev.parley.conformance.Probes.overTheCap;
import static dev.parley.wire.CloseCode.INVALID_PAYLOAD_DATA;
import static dev.parley.wire.CloseCode.MESSAGE_TOO_BIG;
import static dev.parley.wire.CloseCode.PROTOCOL_ERROR;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.parley.wire.CloseCode;

/**
 * The project's 36 byte-level cases (written for the wire issue, first as {@code WireConformanceIT}), grouped like
 * Autobahn|Testsuite's categories, for any echo server: well-formed traffic must come back exactly and in the
 * server's shortest form; each violation must draw its close code and then the end of the TCP connection. Invalid
 * input is built by {@link RawFrame}, never by the encoder.
 *
 * <p>A case's id is Autobahn's (e.g. {@code 3.1}) only where the case is that Autobahn case: the same frames in the
 * same order, expecting the same answer or a stricter one, payload contents aside. Every other case is named by the
 * RFC 6455 section it checks and a word or two (e.g. {@code RFC 5.2 rsv1}): Autobahn's 3.1 is RSV3, not RSV1.
 */
public final class ConformanceSuite {
    /** κόσμε, then U+D800 encoded (a surrogate: not UTF-8). */
    private static final byte[] INVALID_UTF8 = HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564");

    private ConformanceSuite() {
    }

    /** Every case, in id order. */
    public static List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        int[] lengths = {0, 1, 125, 126, 127, 65535, 65536};
        String[] ids = {"1.1.1", "RFC 5.2 1 byte", "1.1.2", "1.1.3", "1.1.4", "1.1.6", "1.1.7"};
        for (int i = 0; i < lengths.length; i++) {
            String title = "text of " + lengths[i] + (lengths[i] == 1 ? " byte" : " bytes");
            cases.add(new ConformanceCase(ids[i], Category.FRAMING, title, "echo: unmasked, FIN, shortest length",
                    echoesText(lengths[i])));
        }
        cases.add(refused("RFC 5.1 unmasked", Category.FRAMING, "unmasked client frame", PROTOCOL_ERROR,
                RawFrame.of(0x81).unmasked().payloadText("hello").build()));

        cases.add(new ConformanceCase("2.2", Category.PINGS, "ping with a payload",
                "pong with the same payload", answersPing(false)));
        cases.add(refused("2.5", Category.PINGS, "ping payload of 126 bytes", PROTOCOL_ERROR,
                RawFrame.of(0x89).payload(new byte[126]).build()));

        cases.add(refused("RFC 5.2 rsv1", Category.RESERVED_BITS, "RSV1 without an extension", PROTOCOL_ERROR,
                RawFrame.of(true, 4, 0x1).payloadText("hello").build()));
        cases.add(refused("3.1", Category.RESERVED_BITS, "RSV3 on a text frame", PROTOCOL_ERROR,
                RawFrame.of(true, 1, 0x1).payloadText("hello").build()));
        cases.add(new ConformanceCase("RFC 5.2 rsv2", Category.RESERVED_BITS,
                "good message, then RSV2 frame, one write",
                "\"good\" echoed, then close 1002", Probes.deliversValidFramesBeforeAViolation()));

        cases.add(refused("4.1.1", Category.OPCODES, "reserved data opcode 3", PROTOCOL_ERROR,
                RawFrame.of(true, 0, 0x3).build()));
        cases.add(refused("4.2.1", Category.OPCODES, "reserved control opcode B", PROTOCOL_ERROR,
                RawFrame.of(true, 0, 0xB).build()));

        cases.add(refused("RFC 5.5 fragmented ping", Category.FRAGMENTATION, "fragmented ping", PROTOCOL_ERROR,
                RawFrame.of(false, 0, 0x9).payloadText("ping").build()));
        cases.add(new ConformanceCase("5.6", Category.FRAGMENTATION, "ping between two text fragments",
                "pong, then the message whole", answersPing(true)));
        cases.add(refused("RFC 5.4 orphan continuation", Category.FRAGMENTATION, "continuation without a message",
                PROTOCOL_ERROR,
                RawFrame.of(true, 0, 0x0).payloadText("orphan").build()));
        cases.add(refused("5.18", Category.FRAGMENTATION, "new text frame inside a fragmented message",
                PROTOCOL_ERROR, RawFrame.concat(RawFrame.of(false, 0, 0x1).payloadText("one").build(),
                        RawFrame.of(true, 0, 0x1).payloadText("two").build())));

        cases.add(refused("6.3.1", Category.UTF8, "text not UTF-8", INVALID_PAYLOAD_DATA,
                RawFrame.of(0x81).payload(INVALID_UTF8).build()));
        cases.add(new ConformanceCase("RFC 8.1 fragment", Category.UTF8, "bad UTF-8 in a first fragment, last withheld",
                failFast(INVALID_PAYLOAD_DATA), Probes.failsFast(INVALID_PAYLOAD_DATA,
                        RawFrame.of(false, 0, 0x1).payloadHex("48656c6c6fc0af").build(),
                        RawFrame.of(true, 0, 0x0).payloadText("!").build())));
        byte[] badAtByte3 = badUtf8AtByte3();
        int sentFirst = 2 + 4 + 10; // header, key and 10 of the 100 payload bytes
        cases.add(new ConformanceCase("RFC 8.1 mid-frame", Category.UTF8, "bad UTF-8 at byte 3 of 100, 10 bytes sent",
                failFast(INVALID_PAYLOAD_DATA), Probes.failsFast(INVALID_PAYLOAD_DATA,
                        Arrays.copyOf(badAtByte3, sentFirst),
                        Arrays.copyOfRange(badAtByte3, sentFirst, badAtByte3.length))));

        int[][] closeCodes = {{1000, 1}, {1001, 2}, {3000, 10}, {4999, 13}}; // code, place in Autobahn's 7.7.x
        for (int[] code : closeCodes) {
            cases.add(new ConformanceCase("7.7." + code[1], Category.CLOSE, "close " + code[0],
                    "close " + code[0] + " echoed, TCP closed", echoesClose(code[0])));
        }
        cases.add(refused("7.3.2", Category.CLOSE, "close payload of one byte", PROTOCOL_ERROR,
                RawFrame.of(0x88).payloadHex("03").build()));
        int[][] badCodes = {{0, 1}, {1004, 3}, {1005, 4}, {2999, 9}};
        for (int[] code : badCodes) {
            cases.add(refused("7.9." + code[1], Category.CLOSE, "close code " + code[0], PROTOCOL_ERROR,
                    RawFrame.of(0x88).closeBody(code[0], new byte[0]).build()));
        }
        cases.add(refused("7.5.1", Category.CLOSE, "close reason not UTF-8", INVALID_PAYLOAD_DATA,
                RawFrame.of(0x88).closeBody(1000, INVALID_UTF8).build()));

        cases.add(new ConformanceCase("RFC 10.4 frame over cap", Category.LIMITS, "one frame of cap + 1 bytes",
                expect(MESSAGE_TOO_BIG), overTheCap(MESSAGE_TOO_BIG,
                        cap -> RawFrame.of(0x82).payload(new byte[cap + 1]).build())));
        cases.add(new ConformanceCase("RFC 10.4 message over cap", Category.LIMITS, "fragments of cap and 1 bytes",
                expect(MESSAGE_TOO_BIG), overTheCap(MESSAGE_TOO_BIG,
                        cap -> RawFrame.concat(RawFrame.of(false, 0, 0x2).payload(new byte[cap]).build(),
                                RawFrame.of(true, 0, 0x0).payload(new byte[1]).build()))));
        cases.add(refused("RFC 10.4 2^62 bytes", Category.LIMITS, "header announcing 2^62 bytes, nothing more",
                MESSAGE_TOO_BIG, RawFrame.of(0x82).declaredLength(1L << 62).build()));

        cases.add(new ConformanceCase("RFC 7.1.7 others served", Category.MISC,
                "another connection after an unmasked frame",
                "still echoed", Probes.servesOthersAfterAViolation()));
        return List.copyOf(cases);
    }

    private static ConformanceCase refused(String id, Category category, String title, CloseCode expected,
            byte[] bytes) {
        return new ConformanceCase(id, category, title, expect(expected), failsWith(expected, bytes));
    }

    private static String expect(CloseCode code) {
        return "close " + code.code() + ", TCP closed";
    }

    private static String failFast(CloseCode code) {
        return "close " + code.code() + " before the rest";
    }

    /** A text frame of 100 bytes whose third is a stray continuation byte. */
    private static byte[] badUtf8AtByte3() {
        byte[] frame = RawFrame.of(0x81).payloadText("ok" + "x".repeat(98)).build();
        frame[2 + 4 + 2] ^= (byte) 0xFF; // payload byte 3 is now 0x87 after unmasking
        return frame;
    }
}
