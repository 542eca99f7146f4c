package dev.parley.socketio.clients;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The official Socket.IO clients, each a script in peers/socketio/ run as a process (scripts/ensure-socketio-clients.sh
 * installs them): Node's socket.io-client and Debian's python3-socketio (under {@code /usr/bin/python3}: the Debian
 * packages are not on another Python's path).
 */
public enum OfficialClient {
    NODE("node", "client.js"),
    PYTHON("/usr/bin/python3", "client.py");

    /** peers/socketio/ of this checkout (the tests run with the project directory as the working directory). */
    static final Path PEER = Path.of(System.getProperty("user.dir"), "peers", "socketio").toAbsolutePath();

    private final String interpreter;
    private final String script;

    OfficialClient(String interpreter, String script) {
        this.interpreter = interpreter;
        this.script = script;
    }

    /** The command line that runs {@code scenario} against {@code server} with each wait bounded by {@code step}. */
    List<String> command(URI server, Transport transport, Scenario scenario, Duration step) {
        return List.of(interpreter, PEER.resolve(script).toString(), server.toString(), transport.argument(),
                scenario.argument(), Long.toString(step.toMillis()));
    }
}
