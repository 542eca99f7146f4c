package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TyrusFramesTest {

    @Test
    void theTyrusOnTheClasspathLetsUsReachItsSockets() {
        assertTrue(TyrusFrames.available(), "TyrusRemoteEndpoint.webSocket is no longer reachable: Tuning.frames "
                + "would silently fall back to the JSR 356 API");
    }
}
