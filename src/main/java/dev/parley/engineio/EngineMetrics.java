package dev.parley.engineio;

import java.util.Set;
import java.util.logging.Logger;

import dev.parley.metrics.Metrics;
import dev.parley.session.MemoryBudget;
import dev.parley.session.Sessions;

/**
 * {@link EngineEvents} of the Engine.IO server at one path, logged in one line each (opens and closes at INFO, like
 * {@code event=open}/{@code event=close}; refusals at INFO) and counted in {@link Metrics} as
 * {@code parley_engineio_*}. Labels come from fixed sets: transports, the close reasons of {@link #REASONS}, the
 * statuses and codes of {@link EngineError}; never the sid, the address or the client's words.
 */
public final class EngineMetrics implements EngineEvents {
    private static final Logger LOG = Logger.getLogger(EngineMetrics.class.getName());

    /** The close reasons counted under their own name (the reference server's, and Parley's shutdown); else other. */
    static final Set<String> REASONS = Set.of("transport close", "transport error", "ping timeout", "parse error",
            "forced close", "transport buffer full", EngineSocket.SERVER_BUSY, "server shutting down");

    private final String path;
    private final Metrics metrics;

    /** @param path the server's path, for the log lines only */
    public EngineMetrics(String path, Metrics metrics) {
        this.path = path;
        this.metrics = metrics;
    }

    @Override
    public void opened(EngineSocket socket) {
        String transport = socket.transport();
        metrics.engineIoOpened(transport);
        LOG.info(() -> "event=engineio-open path=" + path + " sid=" + socket.id() + " transport=" + transport
                + " address=" + address(socket.request().address()));
    }

    @Override
    public void upgraded(EngineSocket socket) {
        metrics.engineIoUpgraded();
        LOG.fine(() -> "event=engineio-upgrade path=" + path + " sid=" + socket.id());
    }

    @Override
    public void polled() {
        metrics.engineIoPolled();
    }

    @Override
    public void posted() {
        metrics.engineIoPosted();
    }

    @Override
    public void closed(EngineSocket socket, String transport, String reason) {
        metrics.engineIoClosed(transport, label(reason));
        LOG.info(() -> "event=engineio-close path=" + path + " sid=" + socket.id() + " reason="
                + Sessions.quoted(reason) + " transport=" + transport + " address="
                + address(socket.request().address()));
    }

    @Override
    public void overBudget(EngineSocket socket, MemoryBudget budget, long bytes) {
        metrics.memoryBudgetExceeded(budget.name());
        String transport = socket.transport();
        LOG.info(() -> "event=memory-budget budget=" + budget.name() + " path=" + path + " sid=" + socket.id()
                + " transport=" + transport + " used=" + budget.used() + " capacity=" + budget.capacity()
                + " refused_bytes=" + bytes + " address=" + address(socket.request().address()));
    }

    @Override
    public void refused(EngineError error, String address, String detail) {
        metrics.engineIoRefused(error.status(), error.code());
        LOG.info(() -> "event=engineio-refuse path=" + path + " status=" + error.status() + " code=" + error.code()
                + " address=" + address(address) + " reason="
                + Sessions.quoted(detail == null ? error.message() : detail));
    }

    /** {@code reason} as a label: {@code transport_close}, ..., or {@code other}. */
    static String label(String reason) {
        return REASONS.contains(reason) ? reason.replace(' ', '_') : "other";
    }

    private static String address(String address) {
        return address == null ? "-" : address;
    }
}
