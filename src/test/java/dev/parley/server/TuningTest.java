package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.parley.wire.DeflatePolicy;

/** {@code -Dparley.tuning} as the embedded server reads it, and what {@code deflate-once} changes in the policy. */
class TuningTest {

    @Test
    void allIsTheDefaultAndNoneSwitchesEveryTuningOff() {
        assertEquals(Tuning.ALL, Tuning.parse(null));
        assertEquals(Tuning.ALL, Tuning.parse(" all "));
        assertEquals(new Tuning(true, true, true, true), Tuning.ALL);
        assertEquals(new Tuning(false, false, false, false), Tuning.parse("none"));
    }

    @Test
    void aListKeepsOnlyTheNamedTunings() {
        assertEquals(new Tuning(true, true, true, false), Tuning.parse("io,frames,unmask"));
        assertEquals(new Tuning(false, true, false, true), Tuning.parse("frames, deflate-once"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tuning.parse("io,deflate"));
        assertTrue(e.getMessage().contains("'deflate'") && e.getMessage().contains("deflate-once"), e.getMessage());
    }

    @Test
    void withoutDeflateOnceThePolicyNoLongerAsksServerNoContextTakeover() {
        Config on = Config.defaults().withDeflate(DeflateConfig.OFF.withOn(true));
        assertEquals(on.deflate(), ParleyServer.deflate(on), "as configured while deflate-once is on");
        assertTrue(ParleyServer.deflate(on).policy().serverNoContextTakeover());

        DeflateConfig perSession = ParleyServer.deflate(on.withTuning(Tuning.parse("io,frames,unmask")));
        assertFalse(perSession.policy().serverNoContextTakeover());
        DeflatePolicy configured = on.deflate().policy();
        assertEquals(new DeflateConfig(true, on.deflate().threshold(), new DeflatePolicy(false,
                configured.clientNoContextTakeover(), configured.clientMaxWindowBits())), perSession,
                "only server_no_context_takeover changes");
    }
}
