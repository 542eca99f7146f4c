package dev.parley.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code parley inspect} prints of what the proxy sees: with {@code --frames-only} no HTTP heads (the handshake's
 * request and response, and every plain HTTP request), and with {@code --path} only the connections whose request
 * path (the request target without its query) is one of those given. A connection's path is known only from its
 * request head, so its events until then are held back, and dropped if the path does not match. Events of a
 * connection the proxy never opened to the target (the target is down) always pass: they are about the proxy.
 *
 * <p>Called from every connection's threads at once, hence synchronized; it keeps state only for open connections.
 */
final class EventFilter implements Consumer<InspectEvent> {
    private final boolean framesOnly;
    private final Set<String> paths;
    private final Consumer<InspectEvent> next;
    private final Map<Integer, List<InspectEvent>> undecided = new HashMap<>();
    private final Set<Integer> shown = new HashSet<>();
    private final Set<Integer> hidden = new HashSet<>();

    EventFilter(boolean framesOnly, List<String> paths, Consumer<InspectEvent> next) {
        this.framesOnly = framesOnly;
        this.paths = Set.copyOf(paths);
        this.next = next;
    }

    @Override
    public synchronized void accept(InspectEvent event) {
        if (paths.isEmpty()) {
            pass(event);
            return;
        }
        int connection = event.connection();
        if (event instanceof InspectEvent.Opened) {
            undecided.put(connection, new ArrayList<>(List.of(event)));
            return;
        }
        List<InspectEvent> held = undecided.get(connection);
        if (held != null) {
            if (event instanceof InspectEvent.Head head && head.direction() == Direction.CLIENT_TO_SERVER) {
                undecided.remove(connection);
                if (paths.contains(path(head.startLine()))) {
                    shown.add(connection);
                    held.forEach(this::pass);
                    pass(event);
                } else {
                    hidden.add(connection);
                }
            } else if (event instanceof InspectEvent.Closed) {
                undecided.remove(connection); // closed before its request: no path, so it matches none
            } else {
                held.add(event);
            }
            return;
        }
        boolean closed = event instanceof InspectEvent.Closed;
        if (shown.contains(connection)) {
            if (closed) {
                shown.remove(connection);
            }
            pass(event);
        } else if (hidden.contains(connection)) {
            if (closed) {
                hidden.remove(connection);
            }
        } else {
            pass(event); // a connection that never reached the target: a note about the proxy
        }
    }

    private void pass(InspectEvent event) {
        if (framesOnly && event instanceof InspectEvent.Head) {
            return;
        }
        next.accept(event);
    }

    /** {@code GET /chat?name=alice HTTP/1.1} → {@code /chat}; not a request line → "". */
    static String path(String requestLine) {
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            return "";
        }
        String target = parts[1];
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
