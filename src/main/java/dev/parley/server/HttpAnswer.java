package dev.parley.server;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

/**
 * How the embedded server's filters answer a request themselves, before any handler or Tyrus sees it (a refused
 * upgrade, a 503 at the connection cap or during shutdown): the response with its body, then the connection closes,
 * whether the write went through or not.
 */
final class HttpAnswer {
    private HttpAnswer() {
    }

    /** Writes {@code response} (status and headers set by the caller) with {@code body}, then closes. */
    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly's write API is generic over the connection's address type
    static void sendAndClose(FilterChainContext ctx, HttpResponsePacket response, byte[] body) {
        Connection connection = ctx.getConnection();
        response.setHeader("Connection", "close");
        response.setContentLength(body.length);
        HttpContent.Builder answer = HttpContent.builder(response).last(true);
        if (body.length > 0) {
            answer.content(Buffers.wrap(connection.getMemoryManager(), body));
        }
        ctx.write(answer.build(), new EmptyCompletionHandler() {
            @Override
            public void completed(Object result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
    }
}
