package dev.parley.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
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
 */
final class ChatLoad implements Workload, Run.Paced {
    private static final byte[] JOIN_ACK = ChatFrame.ascii("j");
    private static final long POLL_PARK_NANOS = 50_000;

    /** One connection's member: its room, its join, the last id it got, and its says awaiting an answer. */
    private static final class Member {
        final int room;
        final byte[] roomName;
        final LongRing seqs = new LongRing(4);
        boolean joined;
        long lastId;

        Member(int room, byte[] roomName) {
            this.room = room;
            this.roomName = roomName;
        }
    }

    private final Run run;
    private final Driver driver;
    private final ChatPlan plan;
    private final double rate;
    private final long limit;
    private final Conn[] conns;
    private final Member[] members;
    private final ChatSay[] says;
    private final int[] nextSpeaker;
    private final ChatFrame frame = new ChatFrame();
    private final ChatTally tally = new ChatTally();
    /** Deliveries still due per message sequence; grows as messages are said. */
    private int[] due = new int[4096];
    private long dueTotal;
    private long unanswered;
    private long seq;
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
        this.members = new Member[s.connections()];
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
            c.attachment = members[i] = new Member(room, ChatFrame.ascii(ChatPlan.roomName(room)));
            conns[i] = c;
            return c;
        });
        awaitJoined();
        run.measure(this, driver);
        driver.pollUntil(System.nanoTime() + EchoLoad.DRAIN_NANOS, 5,
                () -> (unanswered > 0 || dueTotal > 0) && run.failure() == null);
        driver.closeAll();
        return run.result(unanswered + dueTotal, tally.figures(plan, rate, run.scenario().inFlight()));
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
        Member m = (Member) c.attachment;
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
        return run.noAnswer(unanswered + dueTotal, quietNanos);
    }

    /** Open loop: everything due by {@code now}, each timed from when it was due. */
    private void pump(long now) {
        long dueNow = (long) ((now - start) * rate / 1e9) + 1;
        while (seq < dueNow && run.sending() && !finished()) {
            say(start + (long) (seq * 1e9 / rate));
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
        long wait = start + (long) (seq * 1e9 / rate) - System.nanoTime();
        if (wait > 2_000_000) {
            driver.select(1);
        } else if (wait > 0) {
            LockSupport.parkNanos(Math.min(wait, POLL_PARK_NANOS));
        }
    }

    /** The next room in turn, its next member in turn, says message {@code seq} stamped {@code at}. */
    private void say(long at) {
        if (finished()) {
            return;
        }
        int room = nextRoom;
        nextRoom = (nextRoom + 1) % says.length;
        int member = plan.member(room, nextSpeaker[room]);
        nextSpeaker[room] = (nextSpeaker[room] + 1) % plan.sizeOf(room);
        long n = seq++;
        if (n >= due.length) {
            due = Arrays.copyOf(due, Math.max(due.length * 2, (int) n + 1));
        }
        int size = plan.sizeOf(room);
        due[(int) n] = size;
        dueTotal += size;
        unanswered++;
        tally.maxUnanswered = Math.max(tally.maxUnanswered, unanswered);
        Conn c = conns[member];
        c.sent.add(at);
        members[member].seqs.add(n);
        if (run.measuring() && at >= run.window().start()) {
            tally.messages++;
        }
        byte[] bytes = says[room].say(at, n);
        c.enqueue(bytes, bytes.length);
    }

    // ---------------------------------------------------------------- hearing

    @Override
    public void message(Conn c, long now, long length, byte[] prefix, int prefixLength) {
        Member m = (Member) c.attachment;
        frame.read(prefix, prefixLength);
        switch (frame.type) {
            case MESSAGE -> delivered(m, now, length);
            case ACK -> answered(m, c, null);
            case ERROR -> answered(m, c, frame.code() == null ? "?" : frame.code());
            default -> {
                // welcome, presence: nothing to count
            }
        }
    }

    private void delivered(Member m, long now, long length) {
        byte[] b = frame.bytes();
        long at = ChatText.sentAt(b, frame.textAt, frame.textLength);
        long n = ChatText.seq(b, frame.textAt, frame.textLength);
        if (!frame.roomIs(m.roomName) || frame.id < 0) {
            run.error("a message frame from another room or without an id");
            return;
        }
        if (frame.id != m.lastId + 1) {
            tally.orderViolations++;
        }
        m.lastId = Math.max(m.lastId, frame.id);
        if (at == Long.MIN_VALUE || n < 0 || n >= seq || due[(int) n] <= 0) {
            tally.strayDeliveries++;
            run.error("a message nobody said, or delivered more often than its room has members");
            return;
        }
        due[(int) n]--;
        dueTotal--;
        Window w = run.window();
        if (w != null && w.sentInside(at)) {
            w.answered(now - at, length);
        }
    }

    private void answered(Member m, Conn c, String code) {
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
        dueTotal -= due[(int) s];
        due[(int) s] = 0;
        run.error("say answered " + code);
        if (inside) {
            tally.error(code);
        }
    }

    private void joinAnswered(Member m, String code) {
        if (m.joined) {
            run.error("a second answer to a join");
            return;
        }
        if (code != null || frame.last < 0) {
            run.fail("a join was refused: " + (code != null ? code : "an answer without last")
                    + (frame.whole ? "" : " (the answer was longer than " + ChatFrame.MAX_BYTES + " bytes)"));
            return;
        }
        m.joined = true;
        m.lastId = frame.last;
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
