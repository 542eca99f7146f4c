package dev.parley.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import dev.parley.json.JsonText;

/**
 * One well-behaved chat user of the soak: it joins a few rooms, says something now and then, sometimes leaves a room
 * for another, and sometimes drops its connection (cleanly or by a reset) and comes back, resuming every room with
 * history since the last id it has. Everything it receives goes through its {@link RoomLedger}s. Runs on its loop's
 * thread; {@link #tick} is called every few milliseconds.
 */
final class SoakClient implements WsConnection.Listener {
    private static final long HANDSHAKE_TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    /** A request waiting for its answer. */
    private record Pending(String type, String room, String text, long since, boolean check) {
    }

    private final String name;
    private final InetAddress local;
    private final SoakPlan plan;
    private final ChatLoop loop;
    private final Tally tally;
    private final SplittableRandom random;
    private final Map<String, RoomLedger> ledgers = new HashMap<>();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private WsConnection connection;
    private boolean welcomed;
    private boolean quiet;
    private int seq;
    private int failuresInARow;
    private long reconnectAt;
    private long nextSay;
    private long nextChurn;
    private long nextDrop;

    SoakClient(int index, InetAddress local, SoakPlan plan, ChatLoop loop, Tally tally, long now) {
        this.name = "soak" + index;
        this.local = local;
        this.plan = plan;
        this.loop = loop;
        this.tally = tally;
        this.random = new SplittableRandom(plan.seed() * 1_000_003L + index);
        while (wanted.size() < Math.min(plan.roomsPerClient(), plan.rooms())) {
            wanted.add(plan.room(random.nextInt(plan.rooms())));
        }
        reconnectAt = now;
        nextSay = now + exponential(plan.sayIntervalNanos());
        nextChurn = now + exponential(plan.churnIntervalNanos());
        nextDrop = now + exponential(plan.dropIntervalNanos());
    }

    boolean connected() {
        return welcomed;
    }

    /** Connected, every answer in, no resume under way. */
    boolean settled() {
        return welcomed && pending.isEmpty() && ledgers.values().stream().noneMatch(RoomLedger::resuming);
    }

    /** For the report on clients that did not settle: what they still wait for. */
    String describe() {
        StringBuilder out = new StringBuilder(name).append(welcomed ? " connected" : connection == null
                ? " disconnected" : " connecting").append(", waiting for ").append(pending.values()).append(", rooms");
        ledgers.forEach((room, l) -> out.append(' ').append(room).append('=').append(l.state())
                .append(l.resuming() ? "+resuming" : ""));
        return out.toString();
    }

    boolean answered() {
        return pending.isEmpty();
    }

    void tick(long now) {
        if (connection == null) {
            if (now >= reconnectAt && loop.mayConnect()) {
                connect();
            }
            return;
        }
        if (!welcomed) {
            if (now - connection.startedNanos > HANDSHAKE_TIMEOUT) {
                connection.end("handshake-timeout");
            }
            return;
        }
        if (quiet) {
            return;
        }
        if (now >= nextSay) {
            nextSay = now + exponential(plan.sayIntervalNanos());
            String room = pick(RoomLedger.State.IN);
            if (room != null) {
                say(room);
            }
        }
        if (now >= nextChurn) {
            nextChurn = now + exponential(plan.churnIntervalNanos());
            churn();
        }
        if (now >= nextDrop) {
            nextDrop = now + exponential(plan.dropIntervalNanos());
            boolean reset = plan.resetDrops() && (!plan.cleanDrops() || random.nextBoolean());
            WsConnection dropped = connection;
            if (reset) {
                dropped.abort();
            } else {
                dropped.close(1000);
            }
            gone(reset ? "client-reset" : "client-1000", now);
        }
    }

    /** No more says, leaves or drops from now on; connections lost to the server are still made again. */
    void quiet() {
        quiet = true;
    }

    /** Asks every room once more for its last id, now that nobody speaks (see {@link RoomLedger#finalCheck}). */
    void finalCheck() {
        if (!welcomed) {
            return;
        }
        for (Map.Entry<String, RoomLedger> e : ledgers.entrySet()) {
            if (e.getValue().state() == RoomLedger.State.IN) {
                request("join", e.getKey(), null, 0, true);
            }
        }
    }

    /** Closes the connection and settles the accounts. */
    void finish() {
        if (connection != null) {
            connection.close(1000);
            gone("client-1000", System.nanoTime());
        }
        ledgers.values().forEach(RoomLedger::disconnected);
    }

    private void connect() {
        loop.connecting(+1);
        try {
            connection = loop.open(local, "/chat?name=" + name, this);
        } catch (IOException e) {
            loop.connecting(-1);
            tally.connectFailures++;
            tally.close("connect-" + e.getClass().getSimpleName());
            retryLater(System.nanoTime());
        }
    }

    @Override
    public void opened(WsConnection c) {
        loop.connecting(-1);
    }

    @Override
    public void text(WsConnection c, String text) {
        JsonObject event;
        try {
            event = JsonText.readObject(text);
        } catch (JsonException | ClassCastException e) {
            tally.error("client-saw-bad-json");
            return;
        }
        try {
            dispatch(event);
        } catch (RuntimeException e) { // a field missing or of another type: the server's format changed
            tally.error("client-saw-bad-event");
        }
    }

    private void dispatch(JsonObject event) {
        String ack = event.getString("ack", null);
        switch (event.getString("type", "")) {
            case "welcome" -> welcome();
            case "message" -> {
                RoomLedger ledger = ledgers.get(event.getString("room", ""));
                if (ledger == null) {
                    tally.unexpected++;
                } else {
                    ledger.live(event.getJsonNumber("id").longValue(), event.getString("from", ""),
                            event.getString("text", ""));
                }
            }
            case "ack" -> acked(pending.remove(ack), event);
            case "error" -> failed(pending.remove(ack), event.getString("code", "?"));
            default -> { } // presence, whisper
        }
    }

    private void welcome() {
        welcomed = true;
        failuresInARow = 0;
        tally.connects++;
        for (String room : wanted) {
            RoomLedger ledger = ledgers.computeIfAbsent(room, r -> new RoomLedger(name, tally));
            boolean resume = ledger.followed();
            request("join", room, null, 0, false);
            if (resume) {
                request("history", room, null, ledger.resumeSince(), false);
            }
        }
    }

    private void acked(Pending p, JsonObject ack) {
        if (p == null) {
            tally.error("client-saw-unknown-ack");
            return;
        }
        RoomLedger ledger = ledgers.get(p.room());
        if (ledger == null) {
            return;
        }
        switch (p.type()) {
            case "join" -> {
                long last = ack.getJsonNumber("last").longValue();
                String epoch = ack.getString("epoch");
                if (p.check()) {
                    ledger.finalCheck(last, epoch);
                } else {
                    ledger.joinAcked(last, epoch);
                }
            }
            case "say" -> ledger.sayAcked(ack.getJsonNumber("id").longValue(), p.text());
            case "leave" -> {
                ledger.leaveAcked();
                ledgers.remove(p.room());
            }
            case "history" -> {
                List<Long> ids = new ArrayList<>();
                for (JsonValue m : ack.getJsonArray("messages")) {
                    ids.add(((JsonNumber) m.asJsonObject().get("id")).longValue());
                }
                long next = ledger.historyPage(p.since(), ids, ack.getBoolean("complete", true),
                        ack.getBoolean("more", false));
                if (next >= 0) {
                    request("history", p.room(), null, next, false);
                }
            }
            default -> throw new IllegalStateException(p.type());
        }
    }

    private void failed(Pending p, String code) {
        tally.error(code);
        if (p == null) {
            return;
        }
        RoomLedger ledger = ledgers.get(p.room());
        if (ledger == null) {
            return; // e.g. the history after a refused join
        }
        switch (p.type()) {
            case "join" -> {
                if (!p.check()) {
                    ledger.joinFailed();
                    wanted.remove(p.room());
                    ledgers.remove(p.room());
                }
            }
            case "say" -> ledger.sayFailed(p.text());
            case "leave" -> {
                ledger.leaveAcked();
                ledgers.remove(p.room());
            }
            case "history" -> ledger.historyFailed();
            default -> throw new IllegalStateException(p.type());
        }
    }

    @Override
    public void closed(WsConnection c, String how) {
        if (c != connection) {
            return;
        }
        if (!welcomed) {
            loop.connecting(-1);
            tally.connectFailures++;
        }
        gone(how, System.nanoTime());
    }

    private void gone(String how, long now) {
        tally.close(how);
        boolean wasWelcomed = welcomed;
        connection = null;
        welcomed = false;
        pending.clear();
        for (RoomLedger ledger : ledgers.values()) {
            ledger.disconnected();
        }
        ledgers.keySet().retainAll(wanted);
        if (wasWelcomed) {
            reconnectAt = now + TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(900));
        } else {
            retryLater(now);
        }
    }

    private void retryLater(long now) {
        failuresInARow++;
        long delay = Math.min(5_000, 200L << Math.min(failuresInARow, 5));
        reconnectAt = now + TimeUnit.MILLISECONDS.toNanos(delay / 2 + random.nextLong(delay / 2 + 1));
    }

    private void say(String room) {
        StringBuilder text = new StringBuilder(plan.textBytes()).append(name).append('-').append(++seq).append(' ');
        while (text.length() < plan.textBytes()) {
            text.append('x');
        }
        String said = text.toString();
        ledgers.get(room).said(said);
        request("say", room, said, 0, false);
    }

    /** Leaves one room for another (or only joins one, when refusals left it with fewer than planned). */
    private void churn() {
        String leaving = null;
        if (wanted.size() >= plan.roomsPerClient()) {
            leaving = pick(RoomLedger.State.IN);
            if (leaving == null) {
                return;
            }
        }
        String joining = plan.room(random.nextInt(plan.rooms()));
        for (int tries = 0; wanted.contains(joining) || ledgers.containsKey(joining); tries++) {
            if (tries == 20) {
                return;
            }
            joining = plan.room(random.nextInt(plan.rooms()));
        }
        if (leaving != null) {
            wanted.remove(leaving);
            request("leave", leaving, null, 0, false);
        }
        wanted.add(joining);
        ledgers.put(joining, new RoomLedger(name, tally));
        request("join", joining, null, 0, false);
    }

    /** A random joined room in {@code state} with no resume under way, or null. */
    private String pick(RoomLedger.State state) {
        List<String> rooms = new ArrayList<>(4);
        ledgers.forEach((room, l) -> {
            if (l.state() == state && !l.resuming() && wanted.contains(room)) {
                rooms.add(room);
            }
        });
        return rooms.isEmpty() ? null : rooms.get(random.nextInt(rooms.size()));
    }

    private void request(String type, String room, String text, long since, boolean check) {
        String ack = Integer.toString(++seq, 36);
        JsonObjectBuilder json = JsonText.object().add("type", type).add("room", room);
        RoomLedger ledger = ledgers.get(room);
        switch (type) {
            case "join" -> {
                if (!check) {
                    ledger.joinSent();
                }
            }
            case "leave" -> ledger.leaveSent();
            case "say" -> json.add("text", text);
            case "history" -> {
                json.add("since", since).add("limit", plan.historyLimit());
                if (ledger.epoch() != null) { // the ids count in it; another epoch is answered reset
                    json.add("epoch", ledger.epoch());
                }
            }
            default -> throw new IllegalArgumentException(type);
        }
        pending.put(ack, new Pending(type, room, text, since, check));
        connection.sendText(JsonText.write(json.add("ack", ack)));
    }

    private long exponential(long meanNanos) {
        return (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
    }
}
