package dev.parley.socketio.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jakarta.json.JsonObject;

/**
 * The official clients (Node socket.io-client, Debian python3-socketio) against a Socket.IO server that keeps
 * peers/socketio/CONTRACT.md: every scenario over every transport choice. A subclass names the server
 * ({@link #server()}), registered as an extension so it runs for the class ({@link PortableSocketIoClientsIT}).
 */
public abstract class SocketIoClientsIT {

    /** The server under test, running for the class. */
    protected abstract SocketIoServer server();

    static List<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (OfficialClient client : OfficialClient.values()) {
            for (Scenario scenario : Scenario.values()) {
                for (Transport transport : Transport.values()) {
                    runs.add(Arguments.of(client, scenario, transport));
                }
            }
        }
        return runs;
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @MethodSource("runs")
    void theOfficialClientSeesWhatTheContractSays(OfficialClient client, Scenario scenario, Transport transport) {
        ClientRun run = ClientProcess.run(client, server(), transport, scenario);
        assertTrue(run.passed(), () -> server().name() + ": " + run.describe());
        if (scenario == Scenario.BASIC) {
            JsonObject connect = run.step("connect");
            String expected = transport == Transport.POLLING ? "polling" : "websocket";
            assertEquals(expected, connect.getString("engineTransport"), run::describe);
        }
    }
}
