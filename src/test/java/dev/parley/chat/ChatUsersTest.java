package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link ChatUsers}: one session per name in open mode, atomically; several per user in auth mode. */
class ChatUsersTest {
    private static ChatSession session(String user) {
        return new ChatSession(null, user, "127.0.0.1", new TokenBucket(20, 40, 0));
    }

    @Test
    void openModeHoldsANameForOneSessionUntilItIsReleased() {
        ChatUsers users = new ChatUsers(false);
        ChatSession dave = session("dave");
        ChatSession impostor = session("dave");
        assertTrue(users.claim(dave));
        assertFalse(users.claim(impostor));
        assertEquals(Set.of(dave), users.sessionsOf("dave"), "whispers reach the real Dave only");
        users.release(impostor); // never registered: changes nothing
        assertTrue(users.connected("dave"));
        users.release(dave);
        assertFalse(users.connected("dave"));
        assertTrue(users.claim(impostor), "free again");
    }

    @Test
    void authModeLetsAUserHoldSeveralSessions() {
        ChatUsers users = new ChatUsers(true);
        ChatSession tab1 = session("alice");
        ChatSession tab2 = session("alice");
        assertTrue(users.claim(tab1));
        assertTrue(users.claim(tab2));
        assertEquals(Set.of(tab1, tab2), users.sessionsOf("alice"));
        users.release(tab1);
        assertTrue(users.connected("alice"), "until the last is released");
        users.release(tab2);
        assertFalse(users.connected("alice"));
    }

    @Test
    void ofManyRacingClaimsForOneNameExactlyOneWins() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                ChatUsers users = new ChatUsers(false);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ChatSession racer = session("racer");
                    claims.add(racers.submit(() -> {
                        go.await();
                        return users.claim(racer);
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> claim : claims) {
                    won += claim.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, won, "round " + round);
                assertEquals(1, users.sessionsOf("racer").size());
            }
        } finally {
            racers.shutdownNow();
        }
    }
}
