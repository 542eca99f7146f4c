package dev.parley.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.Session;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter;
import org.glassfish.tyrus.core.ProtocolHandler;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.glassfish.tyrus.spi.Writer;

import dev.parley.wire.DeflateNegotiation;
import dev.parley.wire.DeflateParameters;
import dev.parley.wire.DeflatePolicy;
import dev.parley.wire.HttpHeaders;

/**
 * permessage-deflate on the embedded server's connections (RFC 7692): {@link WireGuard} negotiates it on the 101 it
 * sees going out ({@link #negotiate}), from the client's raw {@code Sec-WebSocket-Extensions} lines, and answers with
 * exactly the accepted element; Tyrus runs no extension of its own (its endpoints install none), so it neither adds
 * nor overwrites the header. {@link #of(Session)} gives the outbound side a session's parameters.
 */
final class Deflation {
    private static final Logger LOG = Logger.getLogger(Deflation.class.getName());
    static final String HEADER = "Sec-WebSocket-Extensions";
    private static final Attribute<DeflateParameters> NEGOTIATED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(Deflation.class.getName() + ".negotiated");
    private static final Path PATH = Path.find();

    private Deflation() {
    }

    /**
     * The permessage-deflate parameters in force on a session of the embedded server; empty if none were negotiated,
     * or if the session is not one of the embedded server's (then its messages simply go uncompressed).
     */
    static Optional<DeflateParameters> of(Session session) {
        Connection<?> connection = PATH == null ? null : PATH.connection(session);
        return connection == null ? Optional.empty() : Optional.ofNullable(NEGOTIATED.get(connection));
    }

    /** Whether {@link #of(Session)} can reach Tyrus's connections (a test checks, so a Tyrus upgrade cannot lose it). */
    static boolean available() {
        return PATH != null;
    }

    /**
     * Negotiates over the request of a 101 about to go out; if an offer is accepted, adds the answer to the response
     * and remembers the parameters for the connection.
     */
    static Optional<DeflateParameters> negotiate(Connection<?> connection, HttpResponsePacket response,
                                                 DeflatePolicy policy) {
        HttpRequestPacket request = response.getRequest();
        if (request == null) {
            return Optional.empty();
        }
        List<HttpHeaders.Field> fields = new ArrayList<>(1);
        for (String value : request.getHeaders().values(HEADER)) {
            fields.add(new HttpHeaders.Field(HEADER, value));
        }
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        DeflateNegotiation.Result result = DeflateNegotiation.negotiate(new HttpHeaders(fields), policy);
        result.accepted().ifPresent(parameters -> {
            response.setHeader(HEADER, parameters.toHeaderValue());
            NEGOTIATED.set(connection, parameters);
        });
        if (!result.declined().isEmpty()) {
            LOG.fine(() -> "event=deflate-declined peer=" + connection.getPeerAddress() + " offers=" + result.declined());
        }
        return result.accepted();
    }

    /** Session → Tyrus's socket → its protocol handler → its Grizzly writer → the Grizzly connection. */
    private record Path(VarHandle webSocket, VarHandle protocolHandler, VarHandle writer, VarHandle connection) {
        static Path find() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                return new Path(
                        MethodHandles.privateLookupIn(TyrusRemoteEndpoint.class, lookup)
                                .findVarHandle(TyrusRemoteEndpoint.class, "webSocket", TyrusWebSocket.class),
                        MethodHandles.privateLookupIn(TyrusWebSocket.class, lookup)
                                .findVarHandle(TyrusWebSocket.class, "protocolHandler", ProtocolHandler.class),
                        MethodHandles.privateLookupIn(ProtocolHandler.class, lookup)
                                .findVarHandle(ProtocolHandler.class, "writer", Writer.class),
                        MethodHandles.privateLookupIn(GrizzlyWriter.class, lookup)
                                .findVarHandle(GrizzlyWriter.class, "connection", Connection.class));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "Tyrus's connections are not reachable; outbound messages go uncompressed", e);
                return null;
            }
        }

        Connection<?> connection(Session session) {
            if (session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote
                    && webSocket.get(remote) instanceof TyrusWebSocket socket
                    && protocolHandler.get(socket) instanceof ProtocolHandler handler
                    && writer.get(handler) instanceof GrizzlyWriter grizzly
                    && connection.get(grizzly) instanceof Connection<?> found) {
                return found;
            }
            return null;
        }
    }
}
