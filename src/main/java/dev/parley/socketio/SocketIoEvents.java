package dev.parley.socketio;

import java.util.logging.Logger;

/**
 * What a {@link SocketIoServer} reports as clients come and go: the hook for logs and metrics. The default writes one
 * log line each ({@code event=socketio-... key=value}); a server's wiring may count them too.
 */
public interface SocketIoEvents {
    /** A socket joined its namespace. */
    void connected(SioSocket socket);

    /** A CONNECT was refused (by the handler, or an unknown namespace: "Invalid namespace"). */
    void refused(String namespace, String message);

    /** A socket left its namespace, with the reference server's reason ("client namespace disconnect", ...). */
    void disconnected(SioSocket socket, String reason);

    /** A client's packet broke the protocol; its connection was closed ("parse error"). */
    void violation(String reason);

    /** The log lines. */
    SocketIoEvents LOG = new SocketIoEvents() {
        private final Logger log = Logger.getLogger(SocketIoEvents.class.getName());

        @Override
        public void connected(SioSocket socket) {
            log.fine(() -> "event=socketio-connect nsp=" + socket.namespace().name() + " socket=" + socket.id()
                    + " sid=" + socket.engineId());
        }

        @Override
        public void refused(String namespace, String message) {
            log.info(() -> "event=socketio-connect-error nsp=" + namespace + " message=" + message);
        }

        @Override
        public void disconnected(SioSocket socket, String reason) {
            log.fine(() -> "event=socketio-disconnect nsp=" + socket.namespace().name() + " socket=" + socket.id()
                    + " reason=" + reason.replace(' ', '_'));
        }

        @Override
        public void violation(String reason) {
        }
    };
}
