package dev.parley.engineio;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import dev.parley.session.MemoryBudget;

/**
 * Engine.IO at one path: its open sessions by sid, whatever their transport, and what runs on top of them
 * ({@link EngineHandler}). The polling route and the WebSocket endpoint ({@link EngineEndpoint}) both come here: a
 * handshake opens a session, a request with a sid finds one. Sessions per client address are capped like WebSocket
 * sessions ({@code MAX_CONNECTIONS_PER_ADDRESS}); one over the cap is refused 403 (code 4, "Forbidden"). Across
 * addresses its sessions are bounded by the server's memory budgets: the polling buffers by the outbound one, what the
 * handler keeps of their messages by the inbound one ({@link EngineSocket#inbound()}).
 */
public final class EngineServer {
    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String path;
    private final EngineConfig config;
    private final EngineHandler handler;
    private final Scheduler scheduler;
    private final int maxPerAddress;
    private final EngineEvents events;
    private final MemoryBudget outbound;
    private final MemoryBudget inbound;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    /**
     * @param path          where it is served, with its trailing slash ({@code /socket.io/})
     * @param maxPerAddress the most sessions one client address may hold open
     * @param events        told of opens, upgrades, answered requests, closes and refusals ({@link EngineMetrics})
     * @param outbound      the budget its sessions' polling buffers are charged to ({@code Sessions.outboundBudget()})
     * @param inbound       the budget what its handler keeps of messages is charged to
     *                      ({@code Sessions.inboundBudget()})
     */
    public EngineServer(String path, EngineConfig config, EngineHandler handler, Scheduler scheduler,
                        int maxPerAddress, EngineEvents events, MemoryBudget outbound, MemoryBudget inbound) {
        if (!path.startsWith("/") || !path.endsWith("/")) {
            throw new IllegalArgumentException("an Engine.IO path starts and ends with a slash: " + path);
        }
        this.path = path;
        this.config = config;
        this.handler = handler;
        this.scheduler = scheduler;
        this.maxPerAddress = maxPerAddress;
        this.events = events;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /** The same, under budgets of its own that never refuse. */
    public EngineServer(String path, EngineConfig config, EngineHandler handler, Scheduler scheduler,
                        int maxPerAddress, EngineEvents events) {
        this(path, config, handler, scheduler, maxPerAddress, events, MemoryBudget.unlimited("outbound"),
                MemoryBudget.unlimited("inbound"));
    }

    public String path() {
        return path;
    }

    public EngineConfig config() {
        return config;
    }

    /** The refusal of a request with this method and query, null if it may go on ({@link RequestCheck}). */
    public EngineError check(String method, Map<String, List<String>> query, boolean upgrade) {
        return RequestCheck.check(method, first(query, "EIO"), first(query, "transport"), first(query, "sid"),
                upgrade, sid -> {
                    EngineSession session = sessions.get(sid);
                    return session == null ? null : session.transport();
                });
    }

    /** The open session with this sid, or null. */
    public EngineSession session(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** The sessions open (or closing) now: a copy. */
    public List<EngineSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** How many sessions are open (or closing: their last GET not come yet). */
    public int size() {
        return sessions.size();
    }

    /** How many sessions are open, not closing, over {@code transport} ({@code polling} or {@code websocket}). */
    public int size(String transport) {
        int count = 0;
        for (EngineSession session : sessions.values()) {
            if (session.isOpen() && session.transport().equals(transport)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Reports a request the transports refused with {@code error} (not one an {@link EngineSession} answered: it
     * reports its own); {@code address} the client's, {@code detail} why (null: the error's message).
     */
    public void refused(EngineError error, String address, String detail) {
        events.refused(error, address, detail);
    }

    /**
     * A polling handshake: the open packet, or {@link EngineError#FORBIDDEN} when the client's address holds its
     * maximum of sessions (reported already).
     */
    public Answer handshake(EngineRequest request) {
        EngineSession session = open(request, null);
        if (session == null) {
            return Answer.refused(EngineError.FORBIDDEN);
        }
        String open = PacketCodec.encode(session.openPacket());
        session.start(handler);
        return Answer.payload(open);
    }

    /**
     * A WebSocket opened without a sid: a session on it, its open packet sent first. Null when the address holds its
     * maximum of sessions (reported already; close {@code link}).
     */
    public EngineSession handshake(EngineRequest request, WebSocketLink link) {
        EngineSession session = open(request, link);
        if (session != null) {
            link.send(session.openPacket());
            session.start(handler);
        }
        return session;
    }

    /** Closes every session with {@code reason} ("server shutting down"). */
    public void closeAll(String reason) {
        for (EngineSession session : List.copyOf(sessions.values())) {
            session.close(reason);
        }
    }

    private EngineSession open(EngineRequest request, WebSocketLink link) {
        String address = request.address() == null ? "-" : request.address();
        boolean[] admitted = {false};
        perAddress.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < maxPerAddress;
            return admitted[0] ? now + 1 : count;
        });
        if (!admitted[0]) {
            events.refused(EngineError.FORBIDDEN, request.address(),
                    maxPerAddress + " Engine.IO sessions from this address already");
            return null;
        }
        String sid = newSid();
        EngineSession session = new EngineSession(sid, request, config, scheduler, link, () -> forget(sid, address),
                events, outbound, inbound);
        session.released = () -> perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        sessions.put(sid, session);
        events.opened(session);
        return session;
    }

    private void forget(String sid, String address) {
        EngineSession session = sessions.remove(sid);
        if (session != null) {
            LOG.fine(() -> "event=engineio-gone path=" + path + " sid=" + sid + " address=" + address);
        }
    }

    /** 20 characters of base64url from 15 random bytes. */
    private static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
