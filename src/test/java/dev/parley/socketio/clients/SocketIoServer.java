package dev.parley.socketio.clients;

import java.net.URI;

/**
 * A Socket.IO server the official clients are run against: Parley (or, by hand, the Node reference server).
 * It keeps peers/socketio/CONTRACT.md at {@code /socket.io/} and allows cross-origin requests from the browser
 * test's page (CORS).
 */
public interface SocketIoServer {
    /**
     * {@code http://127.0.0.1:port}, or with a WAR's context root ({@code http://127.0.0.1:port/parley/}): the clients
     * add {@code socket.io/} to its path.
     */
    URI url();

    /** What the reports call it ({@code "socket.io 4.8.4 reference"}, {@code "parley"}). */
    String name();
}
