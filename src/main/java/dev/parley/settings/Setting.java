package dev.parley.settings;

import static dev.parley.settings.Setting.Scope.EVERYWHERE;
import static dev.parley.settings.Setting.Scope.EMBEDDED;
import static dev.parley.settings.Unit.BYTES;
import static dev.parley.settings.Unit.COUNT;
import static dev.parley.settings.Unit.FILE;
import static dev.parley.settings.Unit.KEY;
import static dev.parley.settings.Unit.MILLIS;
import static dev.parley.settings.Unit.ORIGINS;
import static dev.parley.settings.Unit.PER_SECOND;
import static dev.parley.settings.Unit.SECRET;

import java.util.Locale;

/**
 * Every setting of a Parley server, each declared once: the {@code serve} option ({@code --max-message-size}), its
 * environment variable ({@code PARLEY_MAX_MESSAGE_SIZE}) and the WAR's context parameter
 * ({@code parley.max-message-size}) are all made from the constant's name; the default (a raw value as an operator
 * would write it, or null for none), the unit and the one-line meaning shown by {@code --help} are given here.
 * {@link Settings} reads values for them; the README's and docs/deploy.md's tables are checked against this list.
 * Declared in the order {@code --help} lists them.
 */
public enum Setting {
    HOST(Unit.HOST, "127.0.0.1", EMBEDDED, "Address to bind; 0.0.0.0 for every interface"),
    PORT(Unit.PORT, "8025", EMBEDDED, "TCP port; 0 picks a free one"),
    MAX_MESSAGE_SIZE(BYTES, "1048576", EVERYWHERE, "Largest message a client may send; larger closes with 1009"),
    OUTBOUND_MAX_MESSAGES(COUNT, "1024", EVERYWHERE,
            "Messages that may wait for one slow client before it is closed with 1008"),
    OUTBOUND_MAX_BYTES(BYTES, "1048576", EVERYWHERE,
            "Bytes that may wait for one slow client before it is closed with 1008"),
    MAX_CONNECTIONS_PER_ADDRESS(COUNT, "64", EVERYWHERE,
            "WebSocket sessions one remote address may hold; more are closed with 1013"),
    FRAME_RATE(PER_SECOND, "500", EMBEDDED,
            "Frames (data, control or invalid) one connection may send per second; over the budget: 1008"),
    FRAME_BURST(COUNT, "1000", EMBEDDED, "Frames one connection may send at once"),
    ADDRESS_FRAME_RATE(PER_SECOND, "1000", EMBEDDED, "Frames all connections of one remote address may send per "
            + "second together; the connection that finds the budget spent is closed with 1008"),
    ADDRESS_FRAME_BURST(COUNT, "2000", EMBEDDED, "Frames all connections of one remote address may send at once"),
    AUTH_SECRET(SECRET, null, EVERYWHERE,
            "HS256 secret (16+ characters): /chat then requires a JWT; none: clients pick a name"),
    ALLOWED_ORIGINS(ORIGINS, null, EVERYWHERE, "Browser origins allowed besides the server's own, comma-separated"),
    PUBLIC_ORIGINS(ORIGINS, null, EVERYWHERE, "The server's own origins (scheme://host[:port], comma-separated), "
            + "where browsers load its page; none: http://127.0.0.1, http://localhost and http://[::1] on the port, "
            + "https with TLS, and the bind address if it is a specific one (WAR: the loopback origins on any port)"),
    API_KEY(KEY, null, EVERYWHERE, "Bearer key of the publish API; none: the API is off"),
    ADMIN_KEY(KEY, null, EVERYWHERE, "Bearer key (16+ characters) of the admin page /admin and its API; none: "
            + "both are off (404)"),
    HISTORY_SIZE(COUNT, "1000", EVERYWHERE, "Messages each room keeps for resuming"),
    HISTORY_BYTES(BYTES, "1048576", EVERYWHERE,
            "History each room keeps, in estimated heap bytes; the oldest go first"),
    HISTORY_TOTAL_BYTES(BYTES, "0", EVERYWHERE, "History all rooms keep together; over it the largest room's "
            + "oldest messages go first; 0: a sixteenth of the max heap"),
    MAX_ROOMS(COUNT, "0", EVERYWHERE, "Chat rooms the server holds; a join that would create more is refused with "
            + "server_full; 0: one per 64 KiB of max heap, 100-10000"),
    NEW_ROOMS_PER_ADDRESS(COUNT, "60", EVERYWHERE,
            "Rooms one remote address may create per minute; more are refused with too_many_new_rooms"),
    ROOM_IDLE_TIMEOUT(MILLIS, "600000", EVERYWHERE, "How long a room with no members keeps its history after its "
            + "last message or member; then it is removed"),
    RATE(PER_SECOND, "20", EVERYWHERE, "Chat messages per second per connection"),
    BURST(COUNT, "40", EVERYWHERE, "Rate-limit burst; that many refused messages in a row close with 1008"),
    PING_INTERVAL(MILLIS, "25000", EVERYWHERE, "How often every WebSocket session is pinged"),
    PING_TIMEOUT(MILLIS, "20000", EVERYWHERE, "Unanswered ping deadline; then close with 4408"),
    SOCKETIO_MAX_PAYLOAD(BYTES, "1000000", EVERYWHERE, "Largest Engine.IO POST body or WebSocket message at "
            + "/socket.io/ (the handshake's maxPayload); a larger body gets 413, a larger message closes with 1009, "
            + "and the session closes"),
    SOCKETIO_NAMESPACES(Unit.CLASS, null, EVERYWHERE, "Your own Socket.IO namespaces at /socket.io/ beside /chat: "
            + "SocketIoSetup classes (public, with a public constructor without parameters), comma-separated, each "
            + "made and set up once at start; one that cannot be loaded or fails stops the start"),
    DEFLATE(Unit.SWITCH, "on", EMBEDDED, "permessage-deflate (RFC 7692): on, a client that offers it gets it "
            + "(compressed messages inflated with the --max-message-size cap; over it: 1009); off: never negotiated"),
    DEFLATE_THRESHOLD(BYTES, "128", EMBEDDED, "With --deflate on: messages to clients smaller than this go "
            + "uncompressed"),
    DEFLATE_CLIENT_WINDOW_BITS(COUNT, "15", EMBEDDED, "With --deflate on: the largest client_max_window_bits "
            + "Parley answers a client that offers the parameter, 9-15"),
    DEFLATE_CLIENT_CONTEXT(Unit.SWITCH, "off", EMBEDDED, "With --deflate on: off, Parley asks "
            + "client_no_context_takeover and keeps no inflater between messages (a client that ignores it is closed "
            + "with 1007 once a message refers to an earlier one); on, it does not ask, and keeps a client's inflater "
            + "(about 48 KiB, charged to --inbound-budget-bytes) from its first compressed message to the close"),
    SHUTDOWN_GRACE(MILLIS, "2000", EMBEDDED, "How long shutdown waits for clients to answer the 1001 close"),
    INBOUND_BUDGET_BYTES(BYTES, "0", EVERYWHERE, "Most bytes of unfinished client messages all connections "
            + "together may hold (what Tyrus buffers, embedded; Socket.IO attachments waiting for the rest of their "
            + "packet); the connection whose read would pass it is closed with 1013. 0: a sixteenth of the max heap, "
            + "at least 4 maximum-size messages"),
    OUTBOUND_BUDGET_BYTES(BYTES, "0", EVERYWHERE, "Most bytes all outbound queues, Engine.IO polling buffers and "
            + "unwritten writes together may hold; the session whose send would pass it is closed with 1013 (polling: "
            + "\"server busy\"). 0: a sixteenth of the max heap, at least 4 maximum-size messages"),
    MAX_CONNECTIONS(COUNT, "0", EMBEDDED, "Most TCP connections open at once; at the cap the oldest idle HTTP "
            + "connection is closed for a new one, and a tenth is kept from WebSockets for /health and handshakes. "
            + "0: the smaller of the file descriptor limit less 128 and the max heap / 256 KiB"),
    HTTP_HEAD_TIMEOUT(MILLIS, "10000", EMBEDDED,
            "Time from accept to a complete request head; then the connection is closed"),
    HTTP_IDLE_TIMEOUT(MILLIS, "30000", EMBEDDED, "Time a connection that is not a WebSocket may wait after a "
            + "response for its next request head; then it is closed"),
    HTTP_BODY_TIMEOUT(MILLIS, "10000", EMBEDDED, "Time the publish API waits for a request body; then 408"),
    TLS_KEYSTORE(FILE, null, EMBEDDED, "PKCS12 keystore with the server's key and certificate: then https and wss "
            + "only, on the same port; none: plain http and ws"),
    TLS_PASSWORD_FILE(FILE, null, EMBEDDED,
            "File whose first line is the keystore's password; required with --tls-keystore"),
    REDIS(Unit.URI, null, EVERYWHERE, "Redis to share rooms, ids, history and presence with other nodes: "
            + "redis://HOST:PORT[/DB] or rediss:// (TLS); none: rooms live in this server's memory"),
    REDIS_PASSWORD_FILE(FILE, null, EVERYWHERE, "File whose first line is Redis's password (AUTH); none: the "
            + "password in the URI, if any"),
    REDIS_TIMEOUT(MILLIS, "2000", EVERYWHERE, "How long a Redis command may take; then the request fails with "
            + "unavailable (publish API: 503)"),
    REDIS_MAX_IN_FLIGHT(COUNT, "1000", EVERYWHERE,
            "Redis commands this node may have waiting for an answer; more fail at once with unavailable");

    /** Where a setting applies: both containers, or only the embedded server ({@code serve}). */
    public enum Scope { EVERYWHERE, EMBEDDED }

    private final String name;
    private final Unit unit;
    private final String defaultValue;
    private final Scope scope;
    private final String meaning;

    Setting(Unit unit, String defaultValue, Scope scope, String meaning) {
        this.name = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.scope = scope;
        this.meaning = meaning;
    }

    /** The name every spelling is made from: {@code max-message-size}. */
    public String key() {
        return name;
    }

    /** The {@code serve} option: {@code --max-message-size}. */
    public String option() {
        return "--" + name;
    }

    /** The environment variable {@code serve} reads: {@code PARLEY_MAX_MESSAGE_SIZE}. */
    public String environmentVariable() {
        return "PARLEY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The WAR's context parameter: {@code parley.max-message-size}. */
    public String contextParameter() {
        return "parley." + name;
    }

    public Unit unit() {
        return unit;
    }

    /** The value when none is given, as an operator would write it; null when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public Scope scope() {
        return scope;
    }

    /** Whether the WAR reads it (as a context parameter); the others belong to the embedded server alone. */
    public boolean appliesToWar() {
        return scope == Scope.EVERYWHERE;
    }

    /** One line for {@code --help}: what it does, and what its default (or none) stands for. */
    public String meaning() {
        return meaning;
    }
}
