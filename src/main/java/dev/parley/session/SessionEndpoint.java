package dev.parley.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The lifecycle every Parley endpoint shares, said once: a session's open, close and error go to its server's
 * {@link Sessions} (caps, outbound queue, liveness, per-address count, one log line), and the endpoint only adds
 * what is its own: its message handlers ({@link #open}) and, if it keeps state per session, its goodbye
 * ({@link #closing}).
 *
 * <p>A base class rather than calls the endpoints repeat: the three callbacks are final here, so no endpoint can
 * forget to report a close (its queue and address count would leak) or report an open before the caps apply.
 */
public abstract class SessionEndpoint extends Endpoint {
    /** The server's sessions, which the endpoint sends through. */
    protected final Sessions sessions;

    protected SessionEndpoint(Sessions sessions) {
        this.sessions = sessions;
    }

    /**
     * The session is admitted ({@link Sessions#opened} said yes): add the message handlers. Not called for a session
     * that is being closed as it opens (a refused handshake, an address over its cap).
     */
    protected abstract void open(Session session);

    /** The session has closed, before {@link Sessions#closed} forgets it: nothing to do unless overridden. */
    protected void closing(Session session) {
    }

    @Override
    public final void onOpen(Session session, EndpointConfig config) {
        if (sessions.opened(session)) {
            open(session);
        }
    }

    @Override
    public final void onClose(Session session, CloseReason reason) {
        closing(session);
        sessions.closed(session, reason);
    }

    @Override
    public final void onError(Session session, Throwable error) {
        sessions.failed(session, error);
    }
}
