package dev.parley.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

import dev.parley.chat.ChatService;
import dev.parley.chat.PublishApi;
import dev.parley.engineio.EngineServer;
import dev.parley.metrics.Metrics;
import dev.parley.session.Sessions;

/**
 * The admin page at {@code /admin} and its API under {@code /admin/api/} (docs/admin.md), container-free: on with an
 * admin key ({@code --admin-key}, {@code parley.admin-key}), 404 otherwise. {@code app.AdminRoute} serves it in both
 * containers. While on, what {@code /metrics} shows is read once a second into a {@link MetricsWindow} of the last
 * five minutes, on the timer given (it stops with the timer).
 */
public final class Admin {
    private static final Logger LOG = Logger.getLogger(Admin.class.getName());
    /** Readings kept: one a second, five minutes and one. */
    static final int WINDOW_READINGS = 301;
    /** Where the API lives: every path under it. */
    public static final String API = AdminApi.PREFIX;

    private final AdminGate gate;
    private final AdminApi api;
    private final Map<String, AdminPage> pages = new LinkedHashMap<>();

    /**
     * @param key           the admin key; null: everything here answers 404
     * @param publicOrigins the server's configured own origins (besides the one each request's Host names)
     * @param engines       the Engine.IO servers, read when asked
     * @param timer         where the metrics are read once a second while the admin is on
     */
    public Admin(String key, Set<String> publicOrigins, ChatService<?> chat, Sessions sessions,
                 Supplier<List<EngineServer>> engines, ScheduledExecutorService timer) {
        Metrics metrics = sessions.metrics();
        this.gate = new AdminGate(key, publicOrigins, new AdminLockout(), System::nanoTime, metrics::adminRefused);
        MetricsWindow window = new MetricsWindow(WINDOW_READINGS);
        if (gate.on()) {
            timer.scheduleAtFixedRate(() -> read(window, metrics), 0, 1, TimeUnit.SECONDS);
        }
        Overview overview = new Overview(chat, new SessionList(sessions, engines, System::nanoTime), window,
                Instant::now);
        this.api = new AdminApi(gate, overview, new AdminActions(new PublishApi(chat), sessions, engines, metrics));
        page("/admin", "admin.html", "text/html;charset=UTF-8");
        page("/admin.html", "admin.html", "text/html;charset=UTF-8");
        page("/admin.js", "admin.js", "text/javascript;charset=UTF-8");
        page("/admin.css", "admin.css", "text/css;charset=UTF-8");
    }

    private void page(String path, String file, String contentType) {
        pages.put(path, new AdminPage(path, file, contentType, gate));
    }

    /** The exact paths of the page and its files. */
    public Set<String> pagePaths() {
        return pages.keySet();
    }

    /** The answer to a request for one of {@link #pagePaths()}. */
    public AdminReply page(AdminRequest request) {
        AdminPage page = pages.get(request.path());
        if (page == null) {
            throw new IllegalArgumentException("not a page of the admin: " + request.path());
        }
        return page.head(request);
    }

    /** The API's answer from the request head; null: read the body and call {@link #answer}. */
    public AdminReply head(AdminRequest request) {
        return api.head(request);
    }

    /** The API's answer to a request {@link #head} passed, with its body (null: over the cap). */
    public CompletionStage<AdminReply> answer(AdminRequest request, byte[] body) {
        return api.answer(request, body);
    }

    /** One reading; a failure is logged and the next second tries again (a thrown task would stop the timer's). */
    private static void read(MetricsWindow window, Metrics metrics) {
        try {
            window.add(System.currentTimeMillis(), metrics.read());
        } catch (RuntimeException failed) {
            LOG.warning(() -> "event=admin-metrics-read-failed cause=" + failed);
        }
    }
}
