package dev.parley.origin;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

/**
 * What an endpoint's handshake ({@link OriginCheck}) needs from its container and JSR 356 does not offer: the
 * client's address, and a way to refuse the upgrade with an HTTP status from inside {@code modifyHandshake} (the
 * Configurator API can only let a handshake through). The embedded server's Tyrus has both
 * ({@code dev.parley.server.TyrusHandshake}); the WAR answers refusals in a servlet filter before the app server's
 * WebSocket filter and hands the address over from there ({@code dev.parley.war.HandshakeFilter}).
 */
public interface ContainerHandshake {
    /** The address the upgrade request came from, or null if the container does not tell. */
    String clientAddress(HandshakeRequest request);

    /**
     * Ends the handshake with {@code status} and the headers already on {@code response}, by throwing what the
     * container answers that way. Returns only where the container has no such way: the caller then lets the session
     * open and closes it at once ({@link dev.parley.session.Sessions#CLOSE_ON_OPEN}).
     */
    void refuse(HandshakeResponse response, int status, String reason);
}
