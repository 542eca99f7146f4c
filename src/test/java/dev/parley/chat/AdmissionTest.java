package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names from tokens keep the same rule as names in the query: what reaches other users' screens is plain. */
class AdmissionTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Admission AUTH = new Admission(ChatConfig.DEFAULTS.withAuthSecret(Tokens.SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static Admission.Decision withSubject(String sub) throws Exception {
        String token = Tokens.hs256(Tokens.SECRET, Tokens.payload(sub, NOW.getEpochSecond() + 60));
        return AUTH.decide(Map.of("Cookie", List.of(Admission.COOKIE + "=" + token)), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali\\u202Ece", "ali\\u200Bce", "\\u2066alice", "al ice", "alice@example.com",
            "a123456789b123456789c123456789xyz", "\\u0430lice"})
    void aSignedSubjectOutsideTheNameRuleIs401WithTheRule(String sub) throws Exception {
        Admission.Decision decision = withSubject(sub);
        assertEquals(401, decision.status());
        assertEquals("token sub must be 1-32 letters, digits, '_', '-' or '.'", decision.reason());
        assertEquals("name", decision.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a.b_c-1"})
    void aSignedSubjectInsideTheRuleIsTheUser(String sub) throws Exception {
        assertEquals(sub, withSubject(sub).user());
    }
}
