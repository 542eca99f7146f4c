package dev.parley.socketio.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.json.JsonObject;

/**
 * The harness's self-check, not a test of Parley: the client scenarios against the official Node server
 * (socket.io 4.8, peers/socketio/reference-server.js). It proves that the clients, their scripts and this harness
 * work on this machine, so that a failure of the same scenarios against Parley is Parley's; and that a server that
 * does not keep the contract fails a run, at the step it misses.
 */
class ReferenceServerHarnessIT extends SocketIoClientsIT {
    @RegisterExtension
    static final ReferenceServer reference = ReferenceServer.contract();

    /** The official server with the upstream suites' handler: Socket.IO, but none of CONTRACT.md. */
    @RegisterExtension
    static final ReferenceServer withoutTheContract = ReferenceServer.suiteFixture();

    @Override
    protected SocketIoServer server() {
        return reference;
    }

    @Test
    void aServerWithoutTheContractFailsTheRunAtTheStepItMisses() {
        // Node connects to / and then waits in vain for `welcome`: a timed-out step (exit 2)
        ClientRun node = ClientProcess.run(OfficialClient.NODE, withoutTheContract, Transport.WEBSOCKET,
                Scenario.BASIC, Duration.ofSeconds(3));
        assertFalse(node.passed(), node::describe);
        assertEquals(2, node.exitStatus(), node::describe);
        assertEquals(List.of("connect"), node.passedSteps(), node::describe);
        assertFailed(node, "welcome");

        // python-socketio connects / and /second at once; /second is refused (Invalid namespace): exit 1
        ClientRun python = ClientProcess.run(OfficialClient.PYTHON, withoutTheContract, Transport.WEBSOCKET,
                Scenario.BASIC, Duration.ofSeconds(3));
        assertFalse(python.passed(), python::describe);
        assertEquals(1, python.exitStatus(), python::describe);
        assertEquals(List.of(), python.passedSteps(), python::describe);
        assertFailed(python, "connect");
    }

    private static void assertFailed(ClientRun run, String step) {
        JsonObject last = run.steps().get(run.steps().size() - 1);
        assertEquals(step, last.getString("step"), run::describe);
        assertFalse(last.getBoolean("ok"), run::describe);
    }
}
