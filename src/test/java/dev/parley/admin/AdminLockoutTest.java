package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Wrong admin keys per address, with the time given: the window, the lockout, the bounded table, the gate's use. */
class AdminLockoutTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String KEY = "the-admin-key-0123";

    @Test
    void anAddressIsLockedOutAfterItsFailuresUntilTheWindowEnds() {
        AdminLockout lockout = new AdminLockout();
        long t0 = 5 * SECOND;
        for (int i = 1; i <= AdminLockout.MAX_FAILURES; i++) {
            assertEquals(0, lockout.retryAfterSeconds("10.0.0.1", t0 + i));
            AdminLockout.Failure failure = lockout.failed("10.0.0.1", t0 + i);
            assertEquals(i == 1, failure.first());
            assertEquals(i == AdminLockout.MAX_FAILURES, failure.lockedOut());
        }
        assertEquals(60, lockout.retryAfterSeconds("10.0.0.1", t0 + 1));
        assertEquals(1, lockout.retryAfterSeconds("10.0.0.1", t0 + 59 * SECOND + 1));
        assertEquals(0, lockout.retryAfterSeconds("10.0.0.2", t0 + 1), "another address is not locked out");
        assertEquals(0, lockout.retryAfterSeconds("10.0.0.1", t0 + 1 + 60 * SECOND), "its window opened at t0 + 1");
        assertTrue(lockout.failed("10.0.0.1", t0 + 61 * SECOND).first(), "a new window");
    }

    @Test
    void theTableIsBoundedAndDropsTheOldestWindowFirst() {
        AdminLockout lockout = new AdminLockout(2, Duration.ofSeconds(60), 3);
        lockout.failed("a", 0);
        lockout.failed("a", 1);
        lockout.failed("b", 2);
        lockout.failed("c", 3);
        assertEquals(60, lockout.retryAfterSeconds("a", 4));
        lockout.failed("d", 5);
        assertEquals(3, lockout.size());
        assertEquals(0, lockout.retryAfterSeconds("a", 6), "a, the oldest, was pushed out");
        for (int i = 0; i < 10_000; i++) {
            lockout.failed("x" + i, 10 + i);
        }
        assertEquals(3, lockout.size());
    }

    @Test
    void theGateRefusesALockedOutAddressBeforeLookingAtItsKeyAndCountsEveryRefusal() {
        long[] now = {0};
        List<String> refused = new ArrayList<>();
        AdminGate gate = new AdminGate(KEY, Set.of(), new AdminLockout(), () -> now[0], refused::add);
        for (int i = 0; i < AdminLockout.MAX_FAILURES; i++) {
            assertEquals(403, gate.apiRefusal(request("10.0.0.1", "Bearer wrong-" + i)).status());
        }
        AdminReply locked = gate.apiRefusal(request("10.0.0.1", "Bearer " + KEY));
        assertEquals(429, locked.status());
        assertEquals("60", locked.headers().get("Retry-After"));
        assertFalse(locked.text().contains(KEY));
        assertEquals(null, gate.apiRefusal(request("10.0.0.2", "Bearer " + KEY)), "the right key elsewhere works");
        assertEquals(401, gate.apiRefusal(request("10.0.0.2", null)).status());
        Set<String> reasons = new HashSet<>(refused);
        assertEquals(Set.of("wrong_key", "locked_out", "no_key"), reasons);
        assertEquals(AdminLockout.MAX_FAILURES, refused.stream().filter("wrong_key"::equals).count());
        now[0] += 60 * SECOND;
        assertEquals(null, gate.apiRefusal(request("10.0.0.1", "Bearer " + KEY)), "the window ended");
    }

    private static AdminRequest request(String peer, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of("host", "127.0.0.1:8025")
                : Map.of("host", "127.0.0.1:8025", "authorization", authorization);
        return new AdminRequest("GET", "/admin/api/overview", peer, name -> headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
