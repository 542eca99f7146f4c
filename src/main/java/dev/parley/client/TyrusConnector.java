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

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

/**
 * Opens the connections of {@code parley client} with Tyrus's {@link ClientManager}: extra request headers, an Origin,
 * offered subprotocols, a handshake timeout, and for {@code --insecure} a TLS setup that accepts any certificate and
 * host name (for self-signed {@code wss://} test servers only).
 */
final class TyrusConnector implements AutoCloseable {
    private final ClientManager manager = ClientManager.createClient();
    private final ClientEndpointConfig config;

    /**
     * @param headers request header fields, in order, as {@code name, value} pairs
     * @param subprotocols offered in Sec-WebSocket-Protocol, preferred first
     */
    TyrusConnector(List<Map.Entry<String, String>> headers, List<String> subprotocols, Duration handshakeTimeout,
            boolean insecure) throws GeneralSecurityException {
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) handshakeTimeout.toMillis());
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

    /** Connects {@code endpoint} to {@code uri}; blocks until the handshake is done or has failed. */
    Session connect(Endpoint endpoint, URI uri) throws DeploymentException, IOException {
        return manager.connectToServer(endpoint, config, uri);
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
