package dev.parley.server;

import java.io.IOException;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.ProcessingState;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Lets go of Grizzly's HTTP request once a connection is a WebSocket, and hands its bytes past Grizzly's HTTP codec
 * (issue 16, idle memory).
 *
 * <p>After a 101 Grizzly's {@link HttpServerFilter} keeps the upgrade request (with its response, headers, parsing
 * state and the buffer of the head: 10 KB per idle connection) in a connection attribute for the connection's whole
 * life, only to wrap every later read in an {@link HttpContent} of it. This filter sits just in front of the codec. When the 101
 * has been encoded and passes it on the way out, it removes that attribute (the request is then garbage once the
 * handshake's read is done; it is not recycled, in case something still refers to it) and marks the connection;
 * from then on it wraps each read in an {@link HttpContent} of {@link #UPGRADED}, one header shared by every
 * upgraded connection that reads as the request did (a committed 101 to a WebSocket upgrade), and skips the codec.
 * Writes (frames as plain buffers) pass the codec unchanged anyway.
 *
 * <p>Grizzly handles one read of a connection at a time, and the handshake's read ends before the next one starts,
 * so no read finds the request gone without the mark.
 */
final class CodecBypass extends BaseFilter implements AddOn {
    /** Grizzly's own attribute: the same one, by name ({@code createAttribute} returns the existing attribute). */
    private static final Attribute<HttpRequestPacket> CODEC_REQUEST =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
    private static final Attribute<Boolean> BYPASSED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(CodecBypass.class.getName() + ".bypassed");

    /** The header of every read of an upgraded connection; never changed or recycled. */
    static final HttpRequestPacket UPGRADED = new Upgraded();

    /** Goes just in front of Grizzly's HTTP codec (behind the TLS filter, so it sees plain bytes). */
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("CodecBypass needs Grizzly's HTTP codec in the chain");
        }
        builder.add(codec, this);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (BYPASSED.get(ctx.getConnection()) == null) {
            return ctx.getInvokeAction(); // HTTP: the codec's
        }
        Buffer bytes = ctx.getMessage();
        ctx.setMessage(HttpContent.create(UPGRADED, false, bytes));
        ctx.setFilterIdx(ctx.getFilterIdx() + 1); // the next filter run is the one behind the codec
        return ctx.getInvokeAction();
    }

    /**
     * The 101 passes here just after the codec has encoded it (the response is then committed): from now on the
     * codec's request is not needed, whatever the client sends next are frames.
     */
    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        HttpRequestPacket request = CODEC_REQUEST.get(connection);
        if (request != null && upgraded(request.getResponse())) {
            CODEC_REQUEST.remove(connection);
            BYPASSED.set(connection, Boolean.TRUE);
        }
        return ctx.getInvokeAction();
    }

    private static boolean upgraded(HttpResponsePacket response) {
        return response != null && response.isCommitted() && response.getStatus() == 101;
    }

    /** A request answered 101, as the frames' header: what the filters behind the codec test reads as upgraded. */
    private static final class Upgraded extends HttpRequestPacket {
        private final ProcessingState state = new ProcessingState();

        Upgraded() {
            setMethod("GET");
            setRequestURI("/");
            setProtocol(Protocol.HTTP_1_1);
            setUpgrade("websocket");
            setExpectContent(true);
            HttpResponsePacket response = HttpResponsePacket.builder(this).status(101).build();
            response.setCommitted(true);
            setResponse(response);
        }

        @Override
        public ProcessingState getProcessingState() {
            return state;
        }

        @Override
        public void recycle() {
            // shared by every upgraded connection for the server's life
        }
    }
}
