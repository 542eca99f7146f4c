package dev.parley.conformance;

import java.io.IOException;
import java.net.SocketException;
import java.util.function.IntFunction;

import dev.parley.client.RawClient;
import dev.parley.conformance.ConformanceCase.Probe;
import dev.parley.wire.Bytes;
import dev.parley.wire.CloseCode;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.Rfc6455;

/**
 * The kinds of probe the cases are made of. Each opens its own connection(s) and reads with {@link Reply}, whose
 * client-side decoder refuses any server frame that breaks RFC 6455 (masked, RSV bits, non-minimal length...).
 */
final class Probes {
    private Probes() {
    }

    /** Sends {@code bytes}; the server must fail the connection with {@code expected} and close TCP. */
    static Probe failsWith(CloseCode expected, byte[] bytes) {
        return target -> {
            try (RawClient client = target.connect()) {
                sendRaw(client, bytes);
                return failure(client, Reply.next(client, target.timeout()), expected);
            }
        };
    }

    /**
     * Sends {@code first}, whose bytes already break the rules; the server must fail the connection with
     * {@code expected} before {@code rest} (the remainder of the frame or message) is sent. A server that says
     * nothing within the timeout is sent the rest: failing then is NON-STRICT (it checks late, like Autobahn's
     * non-fail-fast UTF-8 verdict), not failing at all is FAIL.
     */
    static Probe failsFast(CloseCode expected, byte[] first, byte[] rest) {
        return target -> {
            try (RawClient client = target.connect()) {
                sendRaw(client, first);
                Reply reply = Reply.next(client, target.timeout());
                if (reply.kind() != Reply.Kind.TIMEOUT) {
                    return failure(client, reply, expected);
                }
                sendRaw(client, rest);
                Outcome late = failure(client, Reply.next(client, target.timeout()), expected);
                String observed = reply.detail() + "; after the rest: " + late.observed();
                return late.verdict() == Verdict.FAIL ? Outcome.fail(observed) : Outcome.nonStrict(observed);
            }
        };
    }

    /** As {@link #failsWith}, for bytes that depend on the server's message cap; skipped if the cap is unknown. */
    static Probe overTheCap(CloseCode expected, IntFunction<byte[]> bytesForCap) {
        return target -> {
            if (target.maxMessageSize().isEmpty()) {
                return new Outcome(Verdict.SKIPPED, "needs the server's message cap (--max-message-size)");
            }
            return failsWith(expected, bytesForCap.apply(target.maxMessageSize().getAsInt())).run(target);
        };
    }

    /** A text message of {@code length} bytes comes back whole, final, unmasked, with the shortest length encoding. */
    static Probe echoesText(int length) {
        return target -> {
            try (RawClient client = target.connect()) {
                String text = "a".repeat(length);
                client.send(Frame.text(text));
                Reply reply = Reply.next(client, target.timeout());
                if (reply.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail(reply.detail());
                }
                Frame echo = reply.frame();
                if (echo.opcode() != Opcode.TEXT || !echo.fin() || !echo.text().equals(text)) {
                    return Outcome.fail("got " + Reply.describe(echo));
                }
                long header = reply.received().headerLength();
                long minimal = Rfc6455.headerLength(length, false);
                goodbye(client);
                String observed = "TEXT fin, " + length + " bytes, " + header + "-byte header";
                return header == minimal ? Outcome.pass(observed)
                        : Outcome.fail(observed + " (minimal: " + minimal + ")");
            }
        };
    }

    /** A ping is answered with a pong carrying its payload; with {@code midMessage}, between two fragments. */
    static Probe answersPing(boolean midMessage) {
        return target -> {
            try (RawClient client = target.connect()) {
                if (midMessage) {
                    client.send(Frame.of(Opcode.TEXT, false, Bytes.utf8("Hel")));
                }
                Bytes payload = Bytes.utf8(midMessage ? "mid" : "are you there?");
                client.send(Frame.ping(payload));
                Reply reply = Reply.next(client, target.timeout());
                if (reply.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail(reply.detail());
                }
                if (reply.frame().opcode() != Opcode.PONG || !reply.frame().payload().equals(payload)) {
                    return Outcome.fail("got " + Reply.describe(reply.frame()) + " instead of the pong");
                }
                if (!midMessage) {
                    goodbye(client);
                    return Outcome.pass("PONG with the same payload");
                }
                client.send(Frame.continuation(Bytes.utf8("lo"), true));
                Reply message = Reply.next(client, target.timeout());
                if (message.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail("PONG, then " + message.detail());
                }
                goodbye(client);
                return message.frame().opcode() == Opcode.TEXT && message.frame().text().equals("Hello")
                        ? Outcome.pass("PONG, then \"Hello\" whole")
                        : Outcome.fail("PONG, then " + Reply.describe(message.frame()));
            }
        };
    }

    /** A close with {@code code} is answered with a close with the same code, then the server closes TCP. */
    static Probe echoesClose(int code) {
        return target -> {
            try (RawClient client = target.connect()) {
                client.send(Frame.close(new CloseStatus(code, "bye")));
                Reply reply = Reply.next(client, target.timeout());
                if (reply.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail(reply.detail());
                }
                if (reply.frame().opcode() != Opcode.CLOSE) {
                    return Outcome.fail("got " + Reply.describe(reply.frame()));
                }
                int answered = reply.frame().closeStatus().code();
                Reply.TcpEnd end = Reply.awaitTcpClose(client);
                String observed = "close " + answered + tcp(end);
                if (answered != code) {
                    return Outcome.nonStrict(observed + " (" + code + " expected)");
                }
                return end == Reply.TcpEnd.CLOSED ? Outcome.pass(observed) : Outcome.nonStrict(observed);
            }
        };
    }

    /**
     * A good message and a bad frame in one write; the message is still echoed, then 1002. Like Autobahn 3.2, which
     * also sends a ping after the bad frame.
     */
    static Probe deliversValidFramesBeforeAViolation() {
        return target -> {
            try (RawClient client = target.connect()) {
                sendRaw(client, RawFrame.concat(RawFrame.of(0x81).payloadText("good").build(),
                        RawFrame.of(true, 2, 0x1).payloadText("bad").build()));
                Reply reply = Reply.next(client, target.timeout());
                if (reply.kind() == Reply.Kind.FRAME && reply.frame().opcode() == Opcode.CLOSE) {
                    // failed at once, the good message dropped: Autobahn 3.2 calls this NON-STRICT
                    Outcome closing = failure(client, reply, CloseCode.PROTOCOL_ERROR);
                    Verdict verdict = closing.verdict() == Verdict.FAIL ? Verdict.FAIL : Verdict.NON_STRICT;
                    return new Outcome(verdict, "no echo of \"good\", " + closing.observed());
                }
                if (reply.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail(reply.detail() + " before the good message");
                }
                if (reply.frame().opcode() != Opcode.TEXT || !reply.frame().text().equals("good")) {
                    return Outcome.fail("got " + Reply.describe(reply.frame()) + " instead of \"good\"");
                }
                Outcome closing = failure(client, Reply.next(client, target.timeout()), CloseCode.PROTOCOL_ERROR);
                return new Outcome(closing.verdict(), "\"good\", then " + closing.observed());
            }
        };
    }

    /** After failing one connection (an unmasked frame), the server still echoes on another one. */
    static Probe servesOthersAfterAViolation() {
        return target -> {
            try (RawClient bad = target.connect(); RawClient good = target.connect()) {
                sendRaw(bad, RawFrame.of(0x81).unmasked().payloadText("unmasked").build());
                Reply.next(bad, target.timeout()); // judged by case RFC 5.1 unmasked; here only the other connection counts
                Bytes data = Bytes.of((byte) 1, (byte) 2, (byte) 3);
                good.send(Frame.binary(data));
                Reply reply = Reply.next(good, target.timeout());
                if (reply.kind() != Reply.Kind.FRAME) {
                    return Outcome.fail("other connection: " + reply.detail());
                }
                goodbye(good);
                return reply.frame().opcode() == Opcode.BINARY && reply.frame().payload().equals(data)
                        ? Outcome.pass("other connection echoed")
                        : Outcome.fail("other connection: " + Reply.describe(reply.frame()));
            }
        };
    }

    /**
     * Judges how the server failed the connection, from its {@code reply}. A close frame is answered with a close
     * frame (RFC 6455 §5.5.1), so that a server waiting for the closing handshake before it closes TCP is not marked
     * down for it.
     */
    private static Outcome failure(RawClient client, Reply reply, CloseCode expected) throws IOException {
        switch (reply.kind()) {
            case TIMEOUT -> {
                return Outcome.fail(reply.detail() + ", connection open");
            }
            case DROPPED -> {
                return Outcome.nonStrict(reply.detail());
            }
            case BAD_FRAME -> {
                return Outcome.fail(reply.detail());
            }
            default -> {
                // a frame: handled below
            }
        }
        Frame frame = reply.frame();
        if (frame.opcode() != Opcode.CLOSE) {
            return Outcome.fail("answered " + Reply.describe(frame));
        }
        CloseStatus status = frame.closeStatus(); // the client-side decoder has already checked the body
        try {
            client.send(status.code() == CloseCode.NO_STATUS_RECEIVED.code()
                    ? Frame.close(CloseStatus.NO_STATUS) : Frame.close(new CloseStatus(status.code(), "")));
        } catch (SocketException e) {
            // the server has closed already: nothing to answer
        }
        Reply.TcpEnd end = Reply.awaitTcpClose(client);
        String observed = "close " + status.code() + tcp(end);
        if (status.code() != expected.code()) {
            return Outcome.nonStrict(observed + " (" + expected.code() + " expected)");
        }
        return end == Reply.TcpEnd.CLOSED ? Outcome.pass(observed) : Outcome.nonStrict(observed);
    }

    private static String tcp(Reply.TcpEnd end) {
        return switch (end) {
            case CLOSED -> "";
            case LEFT_OPEN -> ", TCP left open";
            case MORE_BYTES -> ", then more bytes after the close";
        };
    }

    /** Sends bytes the server may refuse half-way: a reset while writing is the server's answer, read next. */
    private static void sendRaw(RawClient client, byte[] bytes) throws IOException {
        try {
            client.sendRaw(bytes);
        } catch (SocketException e) {
            // the server stopped reading (e.g. refused an oversize frame from its header); its answer is read next
        }
    }

    /** Ends a valid exchange politely: a close frame, whose answer is not waited for. */
    private static void goodbye(RawClient client) {
        try {
            client.send(Frame.close(CloseStatus.of(CloseCode.NORMAL_CLOSURE, "")));
        } catch (IOException e) {
            // the socket is closed next anyway
        }
    }
}
