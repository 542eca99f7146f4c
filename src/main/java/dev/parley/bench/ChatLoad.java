package dev.parley.bench;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code /chat} path ({@link ChatPlan} says who is where): every member connects with its name, joins its room,
 * and once all have joined, the rooms take turns and each room's members take turns to {@code say}: at a total rate
 * (open loop, timed from when each message was due, as {@link RateLoad}) or, without a rate, as fast as the answers
 * allow with at most {@code inFlight} unanswered (closed loop). The text carries the send time and the message's
 * sequence ({@link ChatText}), the {@code ack} id the sequence again. Every receiver times each {@code message} frame
 * as it arrives, and checks that the room's ids come one after the other from the join's {@code last}; every message
 * must reach each member of its room once.
 *
 * <p>With {@code --deflate}, a member whose server accepted permessage-deflate sends its says compressed as the
 * parameters say ({@link BenchDeflate}), and its {@link ServerFrameScanner} inflates what comes compressed, up to
 * {@link BenchDeflate#MAX_MESSAGE}, before the frame is read; joins go uncompressed (RFC 7692 lets a client choose per
 * message). The bytes on the wire of every {@code message} frame received are counted apart from the other frames.
 */
final class ChatLoad implements Workload, Run.Paced {
    private static final byte[] JOIN_ACK = ChatFrame.ascii("j");
    private static final long POLL_PARK_NANOS = 50_000;

    private final Run run;
    private final Driver driver;
    private final ChatPlan plan;
    private final double rate;
    private final long limit;
    private final Conn[] conns;
    private final ChatMember[] members;
    private final ChatSay[] says;
    private final int[] nextSpeaker;
    private final ChatFrame frame = new ChatFrame();
    private final ChatTally tally = new ChatTally();
    private final ChatLedger ledger = new ChatLedger();
    private long unanswered;
    private int nextRoom;
    private int joined;
    private long start;

    ChatLoad(Run run, Driver driver) {
        this.run = run;
        this.driver = driver;
        Scenario s = run.scenario();
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        this.plan = new ChatPlan(run.settings().nodes(), s.connections(), s.rooms(), tag);
        this.rate = s.rate();
        this.limit = run.settings().messages();
        this.conns = new Conn[s.connections()];
        this.members = new ChatMember[s.connections()];
        this.says = new ChatSay[s.rooms()];
        this.nextSpeaker = new int[s.rooms()];
        for (int r = 0; r < says.length; r++) {
            says[r] = new ChatSay(driver, ChatPlan.roomName(r), s.size());
        }
    }

    @Override
    public RunResult run() throws IOException {
        driver.openAll(plan.members(), i -> {
            var node = plan.nodeOf(i);
            Conn c = driver.connect(node.getHost(), node.getPort(), plan.pathOf(run.settings().chatPath(), i));
            int room = plan.roomOf(i);
            c.attachment = members[i] = new ChatMember(room, ChatPlan.roomName(room));
            conns[i] = c;
            return c;
        });
        awaitJoined();
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + EchoLoad.DRAIN_NANOS, 5,
                () -> (unanswered > 0 || ledger.due() > 0) && run.failure() == null);
        driver.closeAll();
        return run.result(unanswered + ledger.due(), tally.figures(plan, rate, run.scenario().inFlight()));
    }

    /** Every member joins as soon as it is welcomed; nothing is said until all have their join's answer. */
    private void awaitJoined() throws IOException {
        long deadline = System.nanoTime() + Driver.OPEN_TIMEOUT_NANOS;
        run.progress().restart(System.nanoTime());
        while (joined < members.length) {
            if (run.failure() != null) {
                throw new IOException(run.failure());
            }
            long now = System.nanoTime();
            run.progress().waiting(now, "joined", joined, members.length);
            if (now > deadline || run.quiet(now) > run.stallNanos()) {
                throw new IOException("only " + joined + " of " + members.length + " members had their join "
                        + "answered, none in the last " + run.settings().stallTimeout().toSeconds() + " s");
            }
            driver.select(10);
        }
    }

    @Override
    public void opened(Conn c, long now) {
        ChatMember m = (ChatMember) c.attachment;
        byte[] join = says[m.room].join();
        c.enqueue(join, join.length);
    }

    // ---------------------------------------------------------------- saying

    @Override
    public void prime(long at) {
        start = at;
        if (rate == 0) {
            for (int i = 0; i < run.scenario().inFlight(); i++) {
                say(System.nanoTime());
            }
        }
    }

    @Override
    public void turn(long now) throws IOException {
        if (rate == 0) {
            driver.select(5);
            return;
        }
        pump(now);
        driver.flush();
        poll();
    }

    @Override
    public void last(long now) {
        if (rate > 0) {
            pump(now);
            driver.flush();
        }
    }

    @Override
    public boolean finished() {
        return limit > 0 && tally.messages >= limit;
    }

    @Override
    public String stalled(long quietNanos) {
        return run.noAnswer(unanswered + ledger.due(), quietNanos);
    }

    /** Open loop: everything due by {@code now}, each timed from when it was due. */
    private void pump(long now) {
        long dueNow = (long) ((now - start) * rate / 1e9) + 1;
        while (ledger.said() < dueNow && run.sending() && !finished()) {
            say(start + (long) (ledger.said() * 1e9 / rate));
            if (unanswered > Math.max(10_000, (long) (rate * 5))) {
                run.fail("the server fell more than 5 s behind the schedule (" + unanswered + " says unanswered)");
                return;
            }
        }
    }

    /** As {@link RateLoad}: take what is ready; if nothing was, wait for the next send at most 50 µs. */
    private void poll() throws IOException {
        if (driver.selectNow() > 0) {
            return;
        }
        long wait = start + (long) (ledger.said() * 1e9 / rate) - System.nanoTime();
        if (wait > 2_000_000) {
            driver.select(1);
        } else if (wait > 0) {
            LockSupport.parkNanos(Math.min(wait, POLL_PARK_NANOS));
        }
    }

    /** The next room in turn, its next member in turn, says the next message, stamped {@code at}. */
    private void say(long at) {
        if (finished()) {
            return;
        }
        int room = nextRoom;
        nextRoom = (nextRoom + 1) % says.length;
        int member = plan.member(room, nextSpeaker[room]);
        nextSpeaker[room] = (nextSpeaker[room] + 1) % plan.sizeOf(room);
        long n = ledger.said(plan.sizeOf(room));
        unanswered++;
        tally.maxUnanswered = Math.max(tally.maxUnanswered, unanswered);
        Conn c = conns[member];
        c.sent.add(at);
        members[member].seqs.add(n);
        if (run.measuring() && at >= run.window().start()) {
            tally.messages++;
        }
        c.sendMessage(says[room].say(at, n)); // compressed if the connection negotiated permessage-deflate
    }

    // ---------------------------------------------------------------- hearing

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        ChatMember m = (ChatMember) c.attachment;
        frame.read(prefix, prefixLength);
        switch (frame.type) {
            case MESSAGE -> {
                tally.delivered(c.messageWireBytes, length);
                delivered(m, now, length);
            }
            case ACK -> answered(m, c, null);
            case ERROR -> answered(m, c, frame.code() == null ? "?" : frame.code());
            default -> {
                // welcome, presence: nothing to count
            }
        }
    }

    private void delivered(ChatMember m, long now, long length) {
        byte[] b = frame.bytes();
        long at = ChatText.sentAt(b, frame.textAt, frame.textLength);
        long n = ChatText.seq(b, frame.textAt, frame.textLength);
        if (!frame.roomIs(m.roomName) || frame.id < 0) {
            run.error("a message frame from another room or without an id");
            return;
        }
        if (!m.next(frame.id)) {
            tally.orderViolations++;
        }
        if (at == Long.MIN_VALUE || !ledger.delivered(n)) {
            tally.strayDeliveries++;
            run.error("a message nobody said, or delivered more often than its room has members");
            return;
        }
        Window w = run.window();
        if (w != null && w.sentInside(at)) {
            w.answered(now - at, length);
        }
    }

    private void answered(ChatMember m, Conn c, String code) {
        if (frame.ackIs(JOIN_ACK)) {
            joinAnswered(m, code);
            return;
        }
        long n = frame.ackLength == Timestamps.LENGTH
                ? Timestamps.read(frame.bytes(), frame.ackAt, frame.ackLength) : Long.MIN_VALUE;
        if (n == Long.MIN_VALUE) {
            run.error("an answer to nothing said: " + (code == null ? "ack" : code) + " " + frame.ack());
            return;
        }
        // Answers come in order; a say the server dropped without one (over its rate) is passed over.
        int popped = 0;
        boolean found = false;
        while (m.seqs.size() > 0 && !found) {
            long s = m.seqs.poll();
            long at = c.sent.poll();
            boolean inside = run.window() != null && run.window().sentInside(at);
            unanswered--;
            popped++;
            found = s == n;
            if (!found) {
                cancel(s, inside, "no_answer");
            } else if (code != null) {
                cancel(s, inside, code);
            } else if (inside) {
                tally.acks++;
                tally.dueDeliveries += plan.sizeOf(m.room);
            }
        }
        if (!found) {
            run.error("an answer to a say not awaiting one: " + frame.ack());
        }
        for (int i = 0; i < popped && rate == 0 && run.sending(); i++) {
            say(System.nanoTime());
        }
    }

    /** A say that failed: its deliveries are no longer due. */
    private void cancel(long s, boolean inside, String code) {
        ledger.cancel(s);
        run.error("say answered " + code);
        if (inside) {
            tally.error(code);
        }
    }

    private void joinAnswered(ChatMember m, String code) {
        if (m.joined()) {
            run.error("a second answer to a join");
            return;
        }
        if (code != null || frame.last < 0) {
            run.fail("a join was refused: " + (code != null ? code : "an answer without last")
                    + (frame.whole ? "" : " (the answer was longer than " + ChatFrame.MAX_BYTES + " bytes)"));
            return;
        }
        m.joined(frame.last);
        joined++;
    }

    @Override
    public void gone(Conn c, Conn.State was, String why) {
        if (was == Conn.State.OPEN) {
            String reason = why == null ? "closed by the server" : why;
            run.error("connection lost: " + reason);
            run.fail("a member was closed during the run: " + reason);
        }
    }
}
