package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Test;

/**
 * {@code --host} really decides the bind address (Tyrus's own {@code Server} binds 0.0.0.0 whatever it is told).
 *
 * <p>The tests stay on loopback, as every network test here does: 127.0.0.2 is another address of this machine.
 * A listener bound to 127.0.0.1 alone must refuse it; one bound to every interface must accept it.
 */
class BindIT {

    @Test
    void loopbackHostAcceptsOnlyOnThatAddress() throws Exception {
        try (ParleyServer server = ParleyServer.start(Config.defaults().withHost("127.0.0.1").withPort(0))) {
            connect("127.0.0.1", server.port());
            assertThrows(ConnectException.class, () -> connect("127.0.0.2", server.port()));
        }
    }

    @Test
    void wildcardHostAcceptsOnEveryAddress() throws Exception {
        try (ParleyServer server = ParleyServer.start(Config.defaults().withHost("0.0.0.0").withPort(0))) {
            connect("127.0.0.1", server.port());
            connect("127.0.0.2", server.port());
        }
    }

    private static void connect(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
        }
    }
}
