package dev.parley.inspect;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import dev.parley.client.DeflateHandshake;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHead;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * Watches one direction of a proxied connection: first the HTTP head (the opening handshake, shown with its header
 * fields), then, if the server answered 101, every frame. It gets a read-only look at bytes that have already been
 * forwarded, so nothing it does can change them or hold them up.
 *
 * <p>It stops decoding this direction (forwarding goes on) when the traffic is not WebSocket (a plain HTTP request, a
 * refused upgrade, bytes that are not an HTTP head) or when frames can no longer be told apart (a 64-bit length with
 * its top bit set); each of these is reported once.
 */
final class DirectionInspector {
    /** How long the client's first frames wait for the server's 101 to be seen in the other direction. */
    private static final Duration UPGRADE_WAIT = Duration.ofSeconds(2);

    private enum Phase { HEAD, FRAMES, STOPPED }

    private final int connection;
    private final Direction direction;
    private final Upgrade upgrade;
    private final Consumer<InspectEvent> sink;
    private final FrameInspector frames;
    private FrameDecoder decoder; // once the upgrade is known
    private final byte[] head = new byte[HttpHead.MAX_HEAD];
    private int headFill;
    private Phase phase = Phase.HEAD;
    private boolean upgradeChecked;

    DirectionInspector(int connection, Direction direction, Upgrade upgrade, int previewBytes,
            Consumer<InspectEvent> sink) {
        this.connection = connection;
        this.direction = direction;
        this.upgrade = upgrade;
        this.sink = sink;
        this.frames = new FrameInspector(connection, direction, upgrade, previewBytes, sink);
    }

    /** Looks at the next bytes of this direction; {@code bytes} is only read. */
    void accept(byte[] bytes, int offset, int length) throws InterruptedException {
        if (phase == Phase.HEAD) {
            int copied = Math.min(length, head.length - headFill);
            System.arraycopy(bytes, offset, head, headFill, copied);
            headFill += copied;
            int headLength;
            try {
                headLength = HttpHead.length(head, 0, headFill);
            } catch (HandshakeRejected e) {
                stop("not an HTTP head (" + e.reason() + ")");
                return;
            }
            if (headLength < 0) {
                return;
            }
            readHead(headLength);
            scan(head, headLength, headFill - headLength);
            scan(bytes, offset + copied, length - copied);
        } else {
            scan(bytes, offset, length);
        }
    }

    /** The connection is over: a frame cut short is still reported, with what arrived of it. */
    void end() {
        if (phase == Phase.FRAMES) {
            frames.reportIncomplete();
        }
        frames.release();
        phase = Phase.STOPPED;
    }

    private void scan(byte[] bytes, int offset, int length) throws InterruptedException {
        if (phase != Phase.FRAMES || length == 0) {
            return;
        }
        if (!upgradeChecked) {
            upgradeChecked = true;
            if (!upgrade.awaitWebSocket(UPGRADE_WAIT)) {
                phase = Phase.STOPPED; // the other direction has said why
                return;
            }
            decoder = frames.newDecoder();
        }
        try {
            decoder.scan(ByteBuffer.wrap(bytes, offset, length).asReadOnlyBuffer(), frames);
        } catch (ProtocolViolation lost) {
            frames.reportLost(lost);
            stop("the next frame cannot be found (a length with the top bit set)");
        }
    }

    private void readHead(int headLength) {
        try {
            if (direction == Direction.CLIENT_TO_SERVER) {
                UpgradeRequest request = UpgradeRequest.parse(head, 0, headLength);
                emitHead(request.method() + " " + request.target() + " " + request.version(), request.headers());
                if (request.headers().hasToken("Upgrade", "websocket")) {
                    phase = Phase.FRAMES;
                } else {
                    upgrade.decide(false, 0);
                    stop("plain HTTP, not a WebSocket upgrade");
                }
            } else {
                UpgradeResponse response = UpgradeResponse.parse(head, 0, headLength);
                emitHead(response.version() + " " + response.status() + " " + response.reason(), response.headers());
                if (response.status() == 101) {
                    boolean deflate = response.headers().tokens("Sec-WebSocket-Extensions").stream()
                            .anyMatch(extension -> extension.startsWith("permessage-deflate"));
                    upgrade.decide(true, deflate ? Rfc6455.RSV1 : 0, deflate ? deflateParameters(response) : null);
                    phase = Phase.FRAMES;
                } else {
                    upgrade.decide(false, 0);
                    stop("HTTP " + response.status() + ", no WebSocket upgrade");
                }
            }
        } catch (HandshakeRejected e) {
            upgrade.decide(false, 0);
            stop("not an HTTP head (" + e.reason() + ")");
        }
    }

    /** The 101's permessage-deflate parameters, or null (with a note) when its answer breaks RFC 7692 §7. */
    private DeflateParameters deflateParameters(UpgradeResponse response) {
        try {
            return DeflateHandshake.check(response.headers()).orElse(null);
        } catch (HandshakeRejected e) {
            sink.accept(new InspectEvent.Note(Instant.now(), connection, direction, e.reason()
                    + ": a client must fail this connection; compressed payloads not inflated"));
            return null;
        }
    }

    private void emitHead(String startLine, HttpHeaders headers) {
        sink.accept(new InspectEvent.Head(Instant.now(), connection, direction, startLine, headers));
    }

    private void stop(String why) {
        phase = Phase.STOPPED;
        sink.accept(new InspectEvent.Note(Instant.now(), connection, direction,
                why + ": not decoded further, still forwarded"));
    }
}
