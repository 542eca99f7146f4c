package dev.parley.bench;

import java.io.IOException;

/**
 * What the connections of one run do, one class per {@link Scenario.Kind}, each with its own counters. A workload
 * opens its connections on the {@link Driver}, hears from it as a {@link Driver.Events}, and says what it measured.
 * A new one per run.
 */
sealed interface Workload extends Driver.Events permits EchoLoad, RateLoad, BroadcastLoad, ConnectLoad, IdleLoad,
        ChatLoad, ScaleLoad, RoomScaleLoad {

    /** Runs the scenario: opens, loads, measures, closes. */
    RunResult run() throws IOException;

    static Workload of(Run run, Driver driver) {
        return switch (run.scenario().kind()) {
            case ECHO -> new EchoLoad(run, driver);
            case RATE -> new RateLoad(run, driver);
            case BROADCAST -> new BroadcastLoad(run, driver);
            case CONNECT -> new ConnectLoad(run, driver);
            case IDLE -> new IdleLoad(run, driver);
            case CHAT -> new ChatLoad(run, driver);
            case SCALE -> run.settings().room() != null ? new RoomScaleLoad(run, driver) : new ScaleLoad(run, driver);
        };
    }
}
