package dev.parley.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * What one Parley server (or web application) counts, served as Prometheus text at {@code GET /metrics}. Its own
 * registry, not the global one: two servers in one JVM keep their own figures. Thread-safe.
 */
public final class Metrics {
    private static final PrometheusTextFormatWriter TEXT = new PrometheusTextFormatWriter(false);

    /**
     * Close codes counted under their own number: those RFC 6455 §7.4.1 and the IANA registry define, and Parley's
     * ping timeout (4408). A client may close with any code 1000-4999, so every other one is counted as
     * {@code other}: the label set stays bounded whatever clients choose.
     */
    static final Set<Integer> KNOWN_CLOSE_CODES = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010,
            1011, 1012, 1013, 1014, 1015, 4408);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter opened = counter("parley_sessions_opened", "WebSocket sessions opened");
    private final Counter closed = Counter.builder().withoutExemplars().name("parley_sessions_closed")
            .help("WebSocket sessions closed, by close code (codes no RFC or Parley defines: other)")
            .labelNames("code").register(registry);
    /** {@link #closed}'s data points: codes 1000-1015 at code - 1000, 4408 at 16, every other code (other) at 17. */
    private final AtomicReferenceArray<CounterDataPoint> closedByCode = new AtomicReferenceArray<>(18);
    private final Counter messagesIn = counter("parley_messages_received", "Messages received from clients");
    private final Counter bytesIn = counter("parley_received_bytes", "Payload bytes received from clients");
    private final Counter messagesOut = counter("parley_messages_sent", "Messages queued to clients");
    private final Counter bytesOut = counter("parley_sent_bytes", "Payload bytes queued to clients");
    private final Counter slowConsumers = counter("parley_slow_consumers",
            "Connections closed with 1008 because what waited to be written to them (messages or control frames) "
                    + "passed the outbound bound");
    private final Counter rateLimited = counter("parley_rate_limited", "Chat messages refused by the rate limit");
    private final Counter roomsRefused = Counter.builder().withoutExemplars().name("parley_chat_rooms_refused")
            .help("Chat joins refused because they would create a room over a budget, by error code")
            .labelNames("code").register(registry);
    private final Counter refused = Counter.builder().withoutExemplars().name("parley_handshakes_refused")
            .help("Upgrade requests refused before the upgrade, by HTTP status").labelNames("status")
            .register(registry);
    private final Counter violations = Counter.builder().withoutExemplars().name("parley_protocol_violations")
            .help("Connections failed for breaking RFC 6455, by close code").labelNames("code").register(registry);
    private final Counter badRequests = Counter.builder().withoutExemplars().name("parley_bad_requests")
            .help("Requests refused because they could not be parsed or broke a syntax rule, by kind")
            .labelNames("kind").register(registry);

    private final Counter frameBudget = Counter.builder().withoutExemplars().name("parley_frame_budget_exceeded")
            .help("Connections closed with 1008 for sending frames faster than their budget, by budget "
                    + "(connection or address)").labelNames("budget").register(registry);

    private final Counter memoryBudget = Counter.builder().withoutExemplars().name("parley_memory_budget_exceeded")
            .help("Connections closed with 1013 because the server's memory budget for bytes in flight was spent, by "
                    + "budget (inbound: unfinished messages; outbound: queued and unwritten output)")
            .labelNames("budget").register(registry);

    private final Counter httpRefused = Counter.builder().withoutExemplars().name("parley_http_refused")
            .help("HTTP requests the publish API refused, by status (408: the body did not arrive in time)")
            .labelNames("status").register(registry);
    private final Counter connectionsDropped = Counter.builder().withoutExemplars().name("parley_connections_dropped")
            .help("TCP connections the embedded server closed before any WebSocket, by reason (head_timeout, "
                    + "idle_timeout, request_timeout, evicted, refused)")
            .labelNames("reason").register(registry);

    private final Counter redisFailures = Counter.builder().withoutExemplars().name("parley_redis_failures")
            .help("Redis commands that failed, by reason (timeout, disconnected, overloaded, error)")
            .labelNames("reason").register(registry);
    private final Counter redisDropped = counter("parley_redis_dropped",
            "Room messages from Redis pub/sub not delivered as they arrived (a full dispatch queue, a gap, a "
                    + "reconnect): each is fetched again from the room's stream or its sessions are reset");
    private final Counter redisRepaired = counter("parley_redis_repaired",
            "Room messages delivered from the room's Redis stream after a gap, a full queue or a reconnect");

    private final Counter socketIo = Counter.builder().withoutExemplars().name("parley_socketio_events")
            .help("Socket.IO namespace connects, refusals (connect_error) and disconnects, by reason; connections "
                    + "closed for a malformed packet (parse_error)").labelNames("event", "reason").register(registry);

    private final Counter engineOpened = Counter.builder().withoutExemplars().name("parley_engineio_opened")
            .help("Engine.IO sessions opened, by the transport of their handshake (polling or websocket)")
            .labelNames("transport").register(registry);
    private final Counter engineUpgrades = counter("parley_engineio_upgrades",
            "Engine.IO sessions upgraded from polling to WebSocket");
    private final Counter enginePolls = counter("parley_engineio_polls",
            "Engine.IO polling GETs answered with packets (not refused)");
    private final Counter enginePosts = counter("parley_engineio_posts",
            "Engine.IO polling POSTs answered ok (not refused)");
    private final Counter engineClosed = Counter.builder().withoutExemplars().name("parley_engineio_closed")
            .help("Engine.IO sessions closed, by their transport then and the reason (reasons outside the fixed "
                    + "set: other)").labelNames("transport", "reason").register(registry);
    private final Counter engineRefused = Counter.builder().withoutExemplars().name("parley_engineio_refused")
            .help("Engine.IO requests refused, by HTTP status and Engine.IO error code")
            .labelNames("status", "code").register(registry);

    private final Counter adminActions = Counter.builder().withoutExemplars().name("parley_admin_actions")
            .help("Actions taken on the admin page or API, by action (publish, close)").labelNames("action")
            .register(registry);

    private final Counter adminRefused = Counter.builder().withoutExemplars().name("parley_admin_refused")
            .help("Admin page and API requests refused, by reason (no_key, wrong_key, locked_out: an address after "
                    + "too many wrong keys, cross_origin)").labelNames("reason").register(registry);

    /**
     * A counter without exemplars (as every counter here): the client's exemplar sampler would, for every counter
     * counted within each 90 ms, look for a trace span (Parley has none) and schedule a task on its own timer thread
     * to look again (issue 16: a wake-up that serves nothing, several a second per counter in use).
     */
    private Counter counter(String name, String help) {
        return Counter.builder().withoutExemplars().name(name).help(help).register(registry);
    }

    /** A gauge read when scraped. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    /**
     * A gauge with one label, read when scraped: one sample per entry of {@code values} (label value to its
     * reading), in label order. The caller keeps the label values to a fixed set.
     */
    public void gauge(String name, String help, String label, Map<String, DoubleSupplier> values) {
        Map<String, DoubleSupplier> fixed = new TreeMap<>(values);
        GaugeWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> fixed.forEach(
                (value, reading) -> cb.call(reading.getAsDouble(), value))).register(registry);
    }

    public void opened() {
        opened.inc();
    }

    public void closed(int code) {
        // Every session's close: the label's data point is looked up once per slot, not per close
        int slot = code >= 1000 && code <= 1015 ? code - 1000 : code == 4408 ? 16 : 17;
        CounterDataPoint point = closedByCode.get(slot);
        if (point == null) {
            point = closed.labelValues(closeCodeLabel(code)); // the same point for the same label, whoever asks
            closedByCode.set(slot, point);
        }
        point.inc();
    }

    public void received(long bytes) {
        messagesIn.inc();
        bytesIn.inc(bytes);
    }

    public void sent(long bytes) {
        messagesOut.inc();
        bytesOut.inc(bytes);
    }

    public void slowConsumer() {
        slowConsumers.inc();
    }

    public void rateLimited() {
        rateLimited.inc();
    }

    /** A join refused for the room budgets: {@code server_full} or {@code too_many_new_rooms}. */
    public void roomRefused(String code) {
        roomsRefused.labelValues(code).inc();
    }

    public void refused(int status) {
        refused.labelValues(Integer.toString(status)).inc();
    }

    /** A connection went over a frame budget: {@code budget} is {@code connection} or {@code address}. */
    public void frameBudgetExceeded(String budget) {
        frameBudget.labelValues(budget).inc();
    }

    /** A connection refused for a spent memory budget: {@code budget} is {@code inbound} or {@code outbound}. */
    public void memoryBudgetExceeded(String budget) {
        memoryBudget.labelValues(budget).inc();
    }

    /**
     * The gauges of one memory budget ({@code inbound} or {@code outbound}): {@code parley_<budget>_budget_used_bytes}
     * and {@code parley_<budget>_budget_bytes}.
     */
    public void memoryBudget(DoubleSupplier used, String budget, long capacity) {
        gauge("parley_" + budget + "_budget_used_bytes", "Bytes the " + budget + " memory budget holds now", used);
        gauge("parley_" + budget + "_budget_bytes", "The " + budget + " memory budget's capacity", () -> capacity);
    }

    /**
     * A request refused because it could not be parsed: a chat frame that is not JSON or too deep, a token, an upgrade
     * request's header. {@code kind} is one of a fixed set of names (docs/operations.md), never client text.
     */
    public void badRequest(String kind) {
        badRequests.labelValues(kind).inc();
    }

    /** The label a close code is counted under: its number if {@link #KNOWN_CLOSE_CODES known}, else "other". */
    static String closeCodeLabel(int code) {
        return KNOWN_CLOSE_CODES.contains(code) ? Integer.toString(code) : "other";
    }

    public void violation(int code) {
        violations.labelValues(Integer.toString(code)).inc();
    }

    public void httpRefused(int status) {
        httpRefused.labelValues(Integer.toString(status)).inc();
    }

    /** A connection closed by the embedded server's connection guard; {@code reason} is one of a fixed few. */
    public void connectionDropped(String reason) {
        connectionsDropped.labelValues(reason).inc();
    }

    /** A Socket.IO event ({@code dev.parley.socketio.SocketIoEvents}); the caller keeps both labels to a fixed set. */
    public void socketIo(String event, String reason) {
        socketIo.labelValues(event, reason).inc();
    }

    /** An Engine.IO session opened; {@code transport} is {@code polling} or {@code websocket}. */
    public void engineIoOpened(String transport) {
        engineOpened.labelValues(transport).inc();
    }

    public void engineIoUpgraded() {
        engineUpgrades.inc();
    }

    public void engineIoPolled() {
        enginePolls.inc();
    }

    public void engineIoPosted() {
        enginePosts.inc();
    }

    /** An Engine.IO session closed; the caller keeps {@code reason} to a fixed set. */
    public void engineIoClosed(String transport, String reason) {
        engineClosed.labelValues(transport, reason).inc();
    }

    /** An Engine.IO request refused with {@code status} and Engine.IO error {@code code}. */
    public void engineIoRefused(int status, int code) {
        engineRefused.labelValues(Integer.toString(status), Integer.toString(code)).inc();
    }

    /** A Redis command failed; {@code reason} is {@code timeout}, {@code disconnected}, {@code overloaded}, {@code error}. */
    public void redisFailure(String reason) {
        redisFailures.labelValues(reason).inc();
    }

    /** Room messages that pub/sub delivered but that could not be passed on as they came (they will be repaired). */
    public void redisDropped(long messages) {
        redisDropped.inc(messages);
    }

    /** Room messages delivered from a room's stream by a repair. */
    public void redisRepaired(long messages) {
        redisRepaired.inc(messages);
    }

    /**
     * The Redis gauges, registered once by the node's Redis link: {@code parley_redis_up} (1 or 0) and
     * {@code parley_redis_latency_seconds} (the last probe's round trip).
     */
    public void redis(DoubleSupplier up, DoubleSupplier latencySeconds) {
        gauge("parley_redis_up", "1 when the last Redis command or probe succeeded, else 0", up);
        gauge("parley_redis_latency_seconds", "Round trip of the last Redis probe (INFO), in seconds", latencySeconds);
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /**
     * What {@code /metrics} shows now, for readers in the same process (the admin page): each counter and gauge by
     * its name (a counter's without {@code _total}), then each sample by its label values joined with {@code ,}
     * ({@code ""} for a metric without labels). The same figures, read from the same registry: no second count.
     */
    public Map<String, Map<String, Double>> read() {
        Map<String, Map<String, Double>> all = new TreeMap<>();
        for (MetricSnapshot metric : registry.scrape()) {
            Map<String, Double> samples = new TreeMap<>();
            for (DataPointSnapshot point : metric.getDataPoints()) {
                StringJoiner labels = new StringJoiner(",");
                for (Label label : point.getLabels()) {
                    labels.add(label.getValue());
                }
                if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
                    samples.put(labels.toString(), counter.getValue());
                } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) {
                    samples.put(labels.toString(), gauge.getValue());
                }
            }
            all.put(metric.getMetadata().getName(), samples);
        }
        return all;
    }

    /** An admin action ({@code publish} or {@code close}), counted in {@code parley_admin_actions_total}. */
    public void adminAction(String action) {
        adminActions.labelValues(action).inc();
    }

    /** An admin request refused, by reason (a fixed set: no_key, wrong_key, locked_out, cross_origin). */
    public void adminRefused(String reason) {
        adminRefused.labelValues(reason).inc();
    }

    /** Writes the current values in Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        TEXT.write(out, registry.scrape());
    }
}
