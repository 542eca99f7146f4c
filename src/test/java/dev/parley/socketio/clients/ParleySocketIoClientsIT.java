package dev.parley.socketio.clients;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The official Node and Python clients against Parley: every scenario of CONTRACT.md over every transport. */
class ParleySocketIoClientsIT extends SocketIoClientsIT {
    @RegisterExtension
    static final ParleyUnderTest parley = ParleyUnderTest.serving();

    @Override
    protected SocketIoServer server() {
        return parley;
    }
}
