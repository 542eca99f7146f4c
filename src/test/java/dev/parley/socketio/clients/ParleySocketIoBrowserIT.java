package dev.parley.socketio.clients;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official browser client in Chromium against Parley, over each transport; the page's origin is allowed through
 * the server's allowed-origins setting (CORS on the polling requests, the Origin check on the WebSocket).
 */
class ParleySocketIoBrowserIT extends SocketIoBrowserIT {
    @RegisterExtension
    static final ParleyUnderTest parley = ParleyUnderTest.allowing(PAGE_ORIGIN);

    @Override
    protected SocketIoServer server() {
        return parley;
    }
}
