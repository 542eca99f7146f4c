package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Client-chosen close codes cannot grow the label set. */
class MetricsTest {

    @Test
    void everyCloseCodeAClientMayChooseLandsInAtMostSeventeenSeries() throws Exception {
        Metrics metrics = new Metrics();
        for (int code = 1000; code <= 4999; code++) {
            metrics.closed(code);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        long series = out.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("parley_sessions_closed_total{")).count();
        assertEquals(Metrics.KNOWN_CLOSE_CODES.size() + 1, series);
        assertTrue(out.toString(StandardCharsets.UTF_8)
                .contains("parley_sessions_closed_total{code=\"other\"} " + (4000 - Metrics.KNOWN_CLOSE_CODES.size())));
    }

    @Test
    void knownCodesKeepTheirNumberOthersAreOther() {
        assertEquals("1013", Metrics.closeCodeLabel(1013));
        assertEquals("4408", Metrics.closeCodeLabel(4408));
        assertEquals("other", Metrics.closeCodeLabel(1004));
        assertEquals("other", Metrics.closeCodeLabel(3000));
        assertEquals("other", Metrics.closeCodeLabel(4999));
    }
}
