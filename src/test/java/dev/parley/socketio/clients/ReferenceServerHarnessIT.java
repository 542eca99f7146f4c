package dev.parley.socketio.clients;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness's self-check, not a test of Parley: the client scenarios against the official Node server
 * (socket.io 4.8, peers/socketio/reference-server.js). It proves that the clients, their scripts and this harness
 * work on this machine, so that a failure of the same scenarios against Parley is Parley's.
 */
class ReferenceServerHarnessIT extends SocketIoClientsIT {
    @RegisterExtension
    static final ReferenceServer reference = ReferenceServer.contract();

    @Override
    protected SocketIoServer server() {
        return reference;
    }
}
