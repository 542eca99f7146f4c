package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class LogLineTest {
    private static final Instant AT = Instant.parse("2026-11-21T22:33:44Z");

    @Test
    void aRecordIsOneLineOfTimeLevelLoggerAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, "event=open session={0} path=/echo");
        record.setParameters(new Object[] {"s1"});
        record.setLoggerName("dev.parley.session.Sessions");
        record.setInstant(AT);
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(ZonedDateTime.ofInstant(AT,
                ZoneId.systemDefault()));
        assertEquals(time + " INFO dev.parley.session.Sessions: event=open session=s1 path=/echo"
                + System.lineSeparator(), new LogLine().format(record));
    }

    @Test
    void aRecordWithAThrowableKeepsItsTrace() {
        LogRecord record = new LogRecord(Level.WARNING, "failed");
        record.setLoggerName("x");
        record.setThrown(new IllegalStateException("boom"));
        String text = new LogLine().format(record);
        assertTrue(text.contains("failed") && text.contains("java.lang.IllegalStateException: boom")
                && text.contains("\tat "), text);
    }
}
