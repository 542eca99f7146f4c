package dev.parley.client;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * Opens the connections of {@code parley client} with Tyrus's {@link ClientManager}: extra request headers, an Origin,
 * offered subprotocols, a handshake timeout, and for {@code --insecure} a TLS setup that accepts any certificate and
 * host name (for self-signed {@code wss://} test servers only).
 *
 * <p>The connect timeout is kept here, not by Tyrus: Tyrus's handshake timeout starts only after its Grizzly
 * container has opened the socket, and for {@code wss://} that includes the TLS handshake, which the container waits
 * for up to a fixed 30 s ({@code GrizzlyClientContainer.CLIENT_SOCKET_TIMEOUT}) whatever the timeout property says. So a
 * {@code wss://} URL on a plain port (the server waits for an HTTP line that never comes) hung 32 s. The connect runs
 * asynchronously and is given up after the timeout; an attempt that still succeeds later is closed at once.
 */
final class TyrusConnector implements AutoCloseable {
    private final ClientManager manager = ClientManager.createClient();
    /** Tyrus's own timeout fires after ours, so what the user sees is ours; Tyrus's then releases the socket. */
    private static final Duration TYRUS_LATER = Duration.ofSeconds(2);
    /** How long a refusal's exception may come before Tyrus has handed us the response it refused. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(1);

    private final ClientEndpointConfig config;
    private final Duration timeout;
    /** The handshake response of the attempt under way (Tyrus calls afterResponse for refusals as well). */
    private volatile CompletableFuture<HandshakeAnswer> answer = new CompletableFuture<>();

    /**
     * @param headers request header fields, in order, as {@code name, value} pairs
     * @param subprotocols offered in Sec-WebSocket-Protocol, preferred first
     */
    TyrusConnector(List<Map.Entry<String, String>> headers, List<String> subprotocols, Duration handshakeTimeout,
            boolean insecure) throws GeneralSecurityException {
        this.timeout = handshakeTimeout;
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT,
                (int) handshakeTimeout.plus(TYRUS_LATER).toMillis());
        manager.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, 64 << 20);
        if (insecure) {
            SslEngineConfigurator tls = new SslEngineConfigurator(trustEverything(), true, false, false);
            tls.setHostVerificationEnabled(false);
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, tls);
        }
        config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.copyOf(subprotocols))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        // a field given by the user replaces Tyrus's own field of that name (e.g. Origin)
                        for (Map.Entry<String, List<String>> field : byName(headers).entrySet()) {
                            request.keySet().removeIf(name -> name.equalsIgnoreCase(field.getKey()));
                            request.put(field.getKey(), field.getValue());
                        }
                    }

                    @Override
                    public void afterResponse(HandshakeResponse response) {
                        answer.complete(HandshakeAnswer.of(response));
                    }
                })
                .build();
    }

    /** The values of each field name, names compared without regard to case, in the order given. */
    private static Map<String, List<String>> byName(List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : headers) {
            fields.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue());
        }
        return fields;
    }

    /**
     * Connects {@code endpoint} to {@code uri}; blocks until the handshake is done, has failed, or the timeout has
     * passed.
     *
     * @throws ConnectFailure with the server's answer, if it refused the handshake, or the timeout
     */
    Session connect(Endpoint endpoint, URI uri) throws ConnectFailure, InterruptedException {
        CompletableFuture<HandshakeAnswer> attempt = new CompletableFuture<>();
        answer = attempt;
        Future<Session> pending;
        try {
            pending = manager.asyncConnectToServer(endpoint, config, uri);
        } catch (DeploymentException e) {
            throw new ConnectFailure(e, null);
        }
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectFailure(cause, refusedAnswer(cause, attempt));
        } catch (TimeoutException e) {
            closeIfItStillOpens(pending);
            throw new ConnectFailure(new IOException(("wss".equals(uri.getScheme())
                    ? "no TLS handshake within " : "no handshake answer within ") + seconds(timeout)
                    + ("wss".equals(uri.getScheme()) ? " (is it a plain ws:// port?)" : "")), null);
        }
    }

    /** The response a refusal came with: Tyrus reports the refusal a moment before it hands us the response. */
    private static HandshakeAnswer refusedAnswer(Throwable failure, CompletableFuture<HandshakeAnswer> attempt)
            throws InterruptedException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException) {
                try {
                    return attempt.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** An attempt given up on may still succeed later (a slow TLS handshake): its session is closed then. */
    private static void closeIfItStillOpens(Future<Session> pending) {
        Thread reaper = new Thread(() -> {
            try {
                pending.get().close();
            } catch (ExecutionException | IOException e) {
                // it failed after all: nothing to close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parley-client-late-connect");
        reaper.setDaemon(true);
        reaper.start();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A handshake response that was not 101: its status, the server's reason, and when to retry. */
    record HandshakeAnswer(int status, String reason, String retryAfter) {
        static HandshakeAnswer of(HandshakeResponse response) {
            int status = response instanceof UpgradeResponse tyrus ? tyrus.getStatus() : 0;
            return new HandshakeAnswer(status, field(response, "X-Parley-Error"), field(response, "Retry-After"));
        }

        private static String field(HandshakeResponse response, String name) {
            for (Map.Entry<String, List<String>> field : response.getHeaders().entrySet()) {
                if (name.equalsIgnoreCase(field.getKey()) && !field.getValue().isEmpty()) {
                    return String.join(", ", field.getValue());
                }
            }
            return null;
        }
    }

    /** A connection that could not be made: what went wrong, and the server's answer if it refused. */
    static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient HandshakeAnswer answer;

        ConnectFailure(Throwable cause, HandshakeAnswer answer) {
            super(cause);
            this.answer = answer;
        }

        /** One line for the user: see {@link ClientErrors#describe(Throwable, HandshakeAnswer)}. */
        String describe() {
            return ClientErrors.describe(getCause(), answer);
        }
    }

    /** An SSL context whose trust manager accepts every certificate chain. */
    private static SSLContext trustEverything() throws GeneralSecurityException {
        X509TrustManager acceptAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // --insecure: no check, by request
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // --insecure: no check, by request
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {acceptAll}, null);
        return context;
    }

    /** Stops the manager's transport and threads. */
    @Override
    public void close() {
        manager.shutdown();
    }
}
