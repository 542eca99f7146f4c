package dev.parley.engineio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.parley.session.MemoryBudget;

/**
 * One Engine.IO session, no I/O: what its transports report (polling requests, WebSocket frames, the upgrade)
 * goes here; what it is whatever the transport (buffer, heartbeat, handler calls, close) is {@link SessionCore}'s. The
 * transports turn its {@link Answer}s into HTTP answers and its packets into frames ({@link WebSocketLink}).
 */
public final class EngineSession extends SessionCore {
    /**
     * How long a GET that comes during the upgrade is held before it gets {@code 6}: the reference server's check
     * interval. A GET the client sent after {@code 5} may reach the server first, on another connection (the upstream
     * suite does that); held, it is refused 400 when the {@code 5} comes, as polling after the upgrade.
     */
    static final java.time.Duration UPGRADE_GET_HOLD = java.time.Duration.ofMillis(100);

    /**
     * A session that has just been opened over {@code link} (WebSocket) or, null, over polling. Call {@link #start}
     * once its open packet has been answered.
     *
     * @param gone     run once when the session is closed for good: its server forgets its sid
     * @param events   told of its upgrade, answered requests, refusals and close
     * @param outbound the server's outbound budget, which its polling buffer is charged to
     * @param inbound  the server's inbound budget, which what its handler keeps of its messages is charged to
     */
    EngineSession(String id, EngineRequest request, EngineConfig config, Scheduler scheduler, WebSocketLink link,
                  Runnable gone, EngineEvents events, MemoryBudget outbound, MemoryBudget inbound) {
        super(id, request, config, scheduler, link, gone, events, outbound, inbound);
    }

    /** The same, under budgets of its own that never refuse. */
    EngineSession(String id, EngineRequest request, EngineConfig config, Scheduler scheduler, WebSocketLink link,
                  Runnable gone, EngineEvents events) {
        this(id, request, config, scheduler, link, gone, events, MemoryBudget.unlimited("outbound"),
                MemoryBudget.unlimited("inbound"));
    }

    /** The same, reporting nothing. */
    EngineSession(String id, EngineRequest request, EngineConfig config, Scheduler scheduler, WebSocketLink link,
                  Runnable gone) {
        this(id, request, config, scheduler, link, gone, EngineEvents.NONE);
    }

    /** The open packet this session answers its handshake with. */
    Packet openPacket() {
        return Packet.of(PacketType.OPEN, config.openJson(id, socket == null));
    }

    // --- polling -------------------------------------------------------------------------------------------------

    /** A GET: answered now, or held until there is something to send (the ping comes at the latest). */
    public CompletionStage<Answer> poll() {
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        synchronized (this) {
            switch (state) {
                case CLOSED -> answer.complete(Answer.refused(EngineError.SESSION_ID_UNKNOWN));
                case WEBSOCKET -> answer.complete(Answer.refused(EngineError.BAD_REQUEST));
                case CLOSING -> {
                    List<Packet> last = new ArrayList<>(buffer.drain());
                    last.add(farewell);
                    answer.complete(Answer.payload(PacketCodec.join(last)));
                    finish(after);
                }
                case UPGRADING -> {
                    if (heldGet != null) {
                        answer.complete(Answer.payload(PacketCodec.encode(Packet.NOOP)));
                    } else {
                        // held a moment: if the upgrade completes meanwhile, the GET was polling after it (400)
                        heldGet = answer;
                        scheduler.schedule(UPGRADE_GET_HOLD, this::releaseUpgradeGet);
                    }
                }
                case POLLING -> {
                    if (heldGet != null) {
                        // one GET at a time: a second one is refused and the session closes, the first gets 1
                        answer.complete(Answer.refused(EngineError.BAD_REQUEST));
                        close("transport error", null, after);
                    } else if (!buffer.isEmpty()) {
                        answer.complete(Answer.payload(PacketCodec.join(buffer.drain())));
                    } else {
                        heldGet = answer;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        runAfter(after);
        return answer.whenComplete((done, failure) -> counted(done, events::polled));
    }

    /** Reports {@code answer}: {@code answered} if it has packets or ok, else its refusal. */
    private void counted(Answer answer, Runnable answered) {
        if (answer == null) {
            return;
        }
        if (answer.error() == null) {
            answered.run();
        } else {
            events.refused(answer.error(), request.address(), null);
        }
    }

    /** A POST's head: false (refuse it 400) when another POST is under way; the session then closes. */
    public boolean postStarted() {
        List<Runnable> after = new ArrayList<>();
        boolean first;
        synchronized (this) {
            first = !posting;
            posting = true;
            if (!first) {
                close("transport error", null, after);
            }
        }
        runAfter(after);
        return first;
    }

    /** A POST's body, {@code null} when it was over {@link EngineConfig#maxPayload()} (413; the session closes). */
    public Answer post(String body) {
        List<Runnable> after = new ArrayList<>();
        Answer answer;
        synchronized (this) {
            posting = false;
            if (state == State.CLOSED || state == State.CLOSING) {
                answer = Answer.refused(EngineError.SESSION_ID_UNKNOWN);
            } else if (state == State.WEBSOCKET) {
                answer = Answer.refused(EngineError.BAD_REQUEST);
            } else if (body == null) {
                answer = Answer.refused(EngineError.PAYLOAD_TOO_LARGE);
                close("transport error", null, after);
            } else {
                answer = received(body, after);
            }
        }
        runAfter(after);
        counted(answer, events::posted);
        return answer;
    }

    private Answer received(String body, List<Runnable> after) {
        List<Packet> packets;
        try {
            packets = PacketCodec.split(body);
        } catch (MalformedPacket malformed) {
            close("parse error", null, after);
            return Answer.refused(EngineError.BAD_REQUEST);
        }
        for (Packet packet : packets) {
            if (state != State.POLLING && state != State.UPGRADING) {
                break;
            }
            packet(packet, after);
        }
        return Answer.OK;
    }

    // --- WebSocket -----------------------------------------------------------------------------------------------

    /**
     * A WebSocket opened for this session's sid: it becomes the upgrade candidate, and a held GET is released with
     * {@code 6} after {@link #UPGRADE_GET_HOLD}. False when the session has a WebSocket already or is closed: close
     * {@code link}.
     */
    public boolean upgradeStarted(WebSocketLink link) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (state != State.POLLING) {
                return false;
            }
            state = State.UPGRADING;
            upgrading = link;
            // a held GET gets 6 in a moment; it may also be one the client sent after 5 that came before the
            // WebSocket's open had run here (the 101 goes out first): then the 5 refuses it 400
            scheduler.schedule(UPGRADE_GET_HOLD, this::releaseUpgradeGet);
        }
        runAfter(after);
        return true;
    }

    /** A text frame from {@code link}. */
    public void frame(WebSocketLink link, String text) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            Packet packet;
            try {
                packet = PacketCodec.decode(text);
            } catch (MalformedPacket malformed) {
                packet = null;
            }
            if (link == upgrading && state == State.UPGRADING) {
                probe(link, packet, after);
            } else if (link == socket && state == State.WEBSOCKET) {
                if (packet == null || packet.isBinary()) { // a text frame is never b + base64
                    close("parse error", null, after);
                } else {
                    packet(packet, after);
                }
            }
        }
        runAfter(after);
    }

    /** A binary frame from {@code link}: a binary message. */
    public void frame(WebSocketLink link, byte[] data) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (link == socket && state == State.WEBSOCKET) {
                packet(Packet.message(data), after);
            }
        }
        runAfter(after);
    }

    /** A message over {@link EngineConfig#maxPayload()} on {@code link}: closed with 1009. */
    public void frameTooLarge(WebSocketLink link) {
        link.close(1009, "message too big");
        closed(link);
    }

    /** {@code link} has closed (either side). */
    public void closed(WebSocketLink link) {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (link == upgrading && state == State.UPGRADING) {
                state = State.POLLING; // the upgrade failed: polling goes on
                upgrading = null;
            } else if (link == socket && state == State.WEBSOCKET) {
                close("transport close", null, after);
            }
        }
        runAfter(after);
    }

    /** A GET held during the upgrade that the upgrade did not complete in time for: noop. */
    private void releaseUpgradeGet() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            if (state == State.UPGRADING) {
                answerHeld(Packet.NOOP, after);
            }
        }
        runAfter(after);
    }

    /** The upgrade: {@code 2probe} is answered {@code 3probe}; {@code 5} makes the WebSocket the transport. */
    private void probe(WebSocketLink link, Packet packet, List<Runnable> after) {
        if (packet != null && packet.type() == PacketType.PING && packet.text().equals("probe")) {
            link.send(Packet.of(PacketType.PONG, "probe"));
        } else if (packet != null && packet.type() == PacketType.UPGRADE) {
            if (heldGet != null) { // came during the upgrade, and its hold has not ended: polling after the upgrade
                CompletableFuture<Answer> get = heldGet;
                heldGet = null;
                after.add(() -> get.complete(Answer.refused(EngineError.BAD_REQUEST)));
            }
            state = State.WEBSOCKET;
            socket = link;
            upgrading = null;
            events.upgraded(this);
            for (Packet waiting : buffer.drain()) {
                if (!socket.send(waiting)) {
                    close("transport buffer full", null, after);
                    return;
                }
            }
        } else {
            upgrading = null;
            state = State.POLLING;
            link.close(1008, "upgrade expected");
        }
    }
}
