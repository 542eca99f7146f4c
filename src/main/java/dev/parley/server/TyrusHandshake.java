package dev.parley.server;

import java.util.Map;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.UpgradeResponse;

import dev.parley.origin.ContainerHandshake;

/**
 * The embedded server's {@link ContainerHandshake}: Tyrus's handshake request knows the client's address (as Grizzly
 * gave it), and Tyrus answers a {@link HandshakeException} thrown from {@code modifyHandshake} with its status and
 * the response's headers, opening no connection (setting the status on the response instead would still open one).
 */
final class TyrusHandshake implements ContainerHandshake {
    static final TyrusHandshake INSTANCE = new TyrusHandshake();

    private static final Map<Integer, String> REASONS = Map.of(400, "Bad Request", 401, "Unauthorized",
            403, "Forbidden", 409, "Conflict", 503, "Service Unavailable");

    private TyrusHandshake() {
    }

    @Override
    public String clientAddress(HandshakeRequest request) {
        return request instanceof RequestContext tyrus ? tyrus.getRemoteAddr() : null;
    }

    @Override
    public void refuse(HandshakeResponse response, int status, String reason) {
        if (response instanceof UpgradeResponse tyrus) {
            tyrus.setReasonPhrase(REASONS.getOrDefault(status, "Refused")); // not "Switching Protocols"
        }
        // Checked, and modifyHandshake declares nothing, hence the unchecked rethrow.
        throw Unchecked.<RuntimeException>rethrow(new HandshakeException(status, reason));
    }

    private static final class Unchecked {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E rethrow(Throwable checked) throws E {
            throw (E) checked;
        }
    }
}
