package dev.parley.server;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;
import dev.parley.wire.Handshake;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.UpgradeRequest;
import dev.parley.wire.UpgradeResponse;

/**
 * Checks every WebSocket upgrade request of the embedded server against RFC 6455 §4.2.1
 * ({@link Handshake#checkRequest}) before Tyrus sees it. Tyrus accepts a {@code Sec-WebSocket-Key} of any length and answers a missing
 * {@code Sec-WebSocket-Version} with 500; here a request that breaks a rule gets 400, or 426 with
 * {@code Sec-WebSocket-Version: 13} for a version other than 13 or none (§4.2.2), the rule in {@code X-Parley-Error},
 * one log line and a count in {@code /metrics}, and the connection is closed.
 *
 * <p>Tyrus's handshake runs before any {@code Configurator} method, so this cannot be portable: in the WAR the app
 * server's Tyrus answers such requests itself (docs/deploy.md).
 */
final class UpgradeCheck extends BaseFilter implements AddOn {
    private static final Logger LOG = Logger.getLogger(UpgradeCheck.class.getName());
    /** The {@code parley_bad_requests_total} kind of a refused upgrade request. */
    static final String KIND = "handshake";

    /** The header fields {@link Handshake#checkRequest} and {@link Handshake#errorResponse} read. */
    static final String[] CHECKED = {"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"};

    private final Metrics metrics;

    UpgradeCheck(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Registers the filter just before Tyrus's; register this add-on after Tyrus's {@code WebSocketAddOn}. */
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
        if (tyrus < 0) {
            throw new IllegalStateException("UpgradeCheck must be registered after Tyrus's WebSocketAddOn");
        }
        builder.add(tyrus, this);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        // The same test as Tyrus's filter for "this is an upgrade request"; once answered 101, what follows are frames.
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || !"websocket".equalsIgnoreCase(request.getUpgrade())
                || request.getResponse().getStatus() == 101) {
            return ctx.getInvokeAction();
        }
        UpgradeRequest upgrade = upgradeRequest(request);
        try {
            Handshake.checkRequest(upgrade);
            return ctx.getInvokeAction();
        } catch (HandshakeRejected rejected) {
            refuse(ctx, request, Handshake.errorResponse(upgrade), rejected.reason());
            content.getContent().position(content.getContent().limit());
            return ctx.getStopAction();
        }
    }

    /**
     * The request as {@link Handshake#checkRequest} and {@link Handshake#errorResponse} see it: the method, target,
     * version and, in the order received, only the fields they read ({@link #CHECKED}); the others (a browser sends
     * a dozen) are neither decoded to strings nor copied.
     */
    static UpgradeRequest upgradeRequest(HttpRequestPacket request) {
        MimeHeaders headers = request.getHeaders();
        List<HttpHeaders.Field> fields = new ArrayList<>(CHECKED.length + 1);
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            for (String checked : CHECKED) {
                if (name.equalsIgnoreCase(checked)) {
                    fields.add(new HttpHeaders.Field(name.toString(), headers.getValue(i).toString()));
                    break;
                }
            }
        }
        String query = request.getQueryString();
        String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        return new UpgradeRequest(request.getMethod().getMethodString(), target, request.getProtocolString(),
                new HttpHeaders(fields));
    }

    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's write API is generic over the connection's address type
    private void refuse(FilterChainContext ctx, HttpRequestPacket request, UpgradeResponse answer, String reason) {
        Connection connection = ctx.getConnection();
        LOG.info(() -> "event=refuse path=" + Sessions.quoted(request.getRequestURI()) + " status=" + answer.status()
                + " kind=" + KIND + " peer=" + connection.getPeerAddress() + " reason=" + Sessions.quoted(reason));
        metrics.refused(answer.status());
        metrics.badRequest(KIND);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(answer.status());
        response.setReasonPhrase(answer.reason());
        for (HttpHeaders.Field field : answer.headers().fields()) {
            if (!field.name().equalsIgnoreCase("Content-Length")) {
                response.addHeader(field.name(), field.value());
            }
        }
        response.setHeader("X-Parley-Error", reason);
        HttpAnswer.sendAndClose(ctx, response, new byte[0]);
    }
}
