package dev.parley.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import dev.parley.wire.Handshake;
import dev.parley.wire.HttpHead;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * The client's side of one opening handshake (RFC 6455 §4.1) on the codec: the request to send, then the server's
 * reply gathered across reads until its head is whole, checked against the request.
 */
final class Opening {
    private final UpgradeRequest request;
    private byte[] head = new byte[1024];
    private int have;
    private int headLength;

    Opening(String authority, String path, SplittableRandom keys) {
        this(authority, path, keys, HttpHeaders.EMPTY);
    }

    /** With {@code extra} header fields, such as the permessage-deflate offer. */
    Opening(String authority, String path, SplittableRandom keys, HttpHeaders extra) {
        this.request = Handshake.clientRequest(authority, path, extra, keys);
    }

    byte[] request() {
        return request.toBytes();
    }

    /** Takes what was read; returns the reply once its head is whole (null until then). */
    UpgradeResponse read(ByteBuffer in) {
        int n = in.remaining();
        if (have + n > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, have + n));
        }
        in.get(head, have, n);
        have += n;
        int length = HttpHead.length(head, 0, have);
        if (length < 0) {
            return null;
        }
        headLength = length;
        return UpgradeResponse.parse(head, 0, length);
    }

    /** Throws unless {@code response} accepts this request (101, the right accept key). */
    void check(UpgradeResponse response) {
        Handshake.checkResponse(request, response);
    }

    /** The bytes read after the reply's head: the server's first frames, if it sent any that soon. */
    ByteBuffer rest() {
        return ByteBuffer.wrap(head, headLength, have - headLength);
    }
}
