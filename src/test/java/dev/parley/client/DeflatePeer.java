package dev.parley.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket server that speaks permessage-deflate, run as a child process for the tests of Parley's deflating
 * client tools: Node {@code ws} (peers/node/deflate-server.js, perMessageDeflate with threshold 0) and Debian's
 * python3-websockets (peers/python/deflate_server.py, its default compression). Each serves {@code /echo} and
 * {@code /fragments} (the echo in three fragments). The list is meant to grow: Parley's own server once it negotiates
 * permessage-deflate (issue 18).
 */
public final class DeflatePeer implements AutoCloseable {
    /** The servers; {@code toString} names a parameterised test's case. */
    public enum Kind {
        NODE_WS("node-ws", "node", "peers/node/deflate-server.js"),
        PYTHON_WEBSOCKETS("python-websockets", "/usr/bin/python3", "peers/python/deflate_server.py");

        private final String label;
        private final String program;
        private final String script;

        Kind(String label, String program, String script) {
            this.label = label;
            this.program = program;
            this.script = script;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final String banner;

    private DeflatePeer(Kind kind, Process process, int port, String banner) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.banner = banner;
    }

    /** Starts {@code kind} on a free port and waits (at most 30 s) for its "listening" line. */
    public static DeflatePeer start(Kind kind) {
        int port = freePort();
        Path root = Path.of(System.getProperty("user.dir"));
        Process process;
        try {
            process = new ProcessBuilder(kind.program, root.resolve(kind.script).toString(), Integer.toString(port))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + kind + " (scripts/ensure-deflate-peers.sh installs it)", e);
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains(" on ws://")) {
                        return line;
                    }
                    seen.add(line);
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = banner.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException(kind + " did not start: " + String.join("\n", seen));
        }
        // keep draining its output so it never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (lines.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        return new DeflatePeer(kind, process, port, line);
    }

    /** {@code ws://127.0.0.1:PORT/path}. */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    public Kind kind() {
        return kind;
    }

    /** The line it printed when it listened, with its name and version. */
    public String banner() {
        return banner;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
