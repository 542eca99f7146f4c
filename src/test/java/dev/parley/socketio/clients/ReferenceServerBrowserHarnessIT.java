package dev.parley.socketio.clients;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser harness's self-check, not a test of Parley: the page and the official browser bundle against the
 * official Node server (which allows every origin). It proves the page, the bundle's serving and the Chromium setup
 * work here, so that a failure of the same page against Parley is Parley's.
 */
class ReferenceServerBrowserHarnessIT extends SocketIoBrowserIT {
    @RegisterExtension
    static final ReferenceServer reference = ReferenceServer.contract();

    @Override
    protected SocketIoServer server() {
        return reference;
    }
}
