package dev.parley.session;

import jakarta.websocket.SendHandler;

/**
 * Writes whole, already encoded server frames to one connection, as they are (the embedded server's
 * {@code TyrusWebSocket.sendRawFrame}): what a {@link FrameSink} of {@link OutboundDeflate} writes through.
 */
@FunctionalInterface
public interface FrameWriter {
    /**
     * Writes {@code frame} (not to be changed afterwards); {@code handler} hears the result once, possibly before this
     * returns. May throw if the connection is no longer open.
     */
    void write(byte[] frame, SendHandler handler);
}
