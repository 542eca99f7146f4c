package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.parley.wire.UpgradeResponse;

/** How the bench tells refusals from other closes, and what it tells the user. */
class RefusalsTest {
    private static byte[] closeBody(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (code >> 8);
        body[1] = (byte) code;
        System.arraycopy(text, 0, body, 2, text.length);
        return body;
    }

    @Test
    void closesOtherThan1013AreNotRefusals() {
        Refusals refusals = new Refusals();
        byte[] normal = closeBody(1000, "");
        refusals.closed(normal, normal.length);
        byte[] tooBig = closeBody(1009, "too big");
        refusals.closed(tooBig, tooBig.length);
        refusals.closed(new byte[0], 0);
        assertFalse(refusals.any());
    }

    @Test
    void a1013CloseIsACapAndTheFixIsNamed() {
        Refusals refusals = new Refusals();
        byte[] body = closeBody(1013, "Try again later.");
        refusals.closed(body, body.length);
        refusals.closed(body, body.length);
        assertTrue(refusals.any());
        assertEquals("the server refused 2 of 1000 connections so far (close 1013 \"Try again later.\"): it caps "
                + "connections per client address, and every bench connection comes from this one; start Parley "
                + "with serve --max-connections-per-address 1000 (or more)", refusals.explain(1000));
    }

    @Test
    void anHttpRefusalShowsTheStatusAndTheServersReason() {
        Refusals cap = new Refusals();
        cap.answered(UpgradeResponse.parse("HTTP/1.1 429 Too Many Requests\r\nX-Parley-Error: too many from "
                + "127.0.0.1\r\n\r\n"));
        assertTrue(cap.explain(100).startsWith("the server refused 1 of 100 connections so far (HTTP 429 too many "
                + "from 127.0.0.1): it caps connections per client address"), cap.explain(100));
        Refusals notFound = new Refusals();
        notFound.answered(UpgradeResponse.parse("HTTP/1.1 404 Not Found\r\n\r\n"));
        assertEquals("the server refused 1 of 100 connections so far (HTTP 404 Not Found)", notFound.explain(100));
    }
}
