package dev.parley;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The one-line log format of {@code parley}: time, level, logger, message, as {@link SimpleFormatter} writes it with
 * {@link #FORMAT}, without asking the record for its source class and method. {@code SimpleFormatter} always asks,
 * and a record logged without them walks the stack to find them: with a log line at every WebSocket open and close,
 * that walk was a measurable part of a handshake's CPU (docs/performance.md). A record with a throwable is rare and
 * goes to {@code SimpleFormatter}, which writes its trace.
 */
final class LogLine extends Formatter {
    /** Time, level, logger, message (and a throwable's trace, if any). */
    static final String FORMAT = "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n";

    private final SimpleFormatter withTrace = new SimpleFormatter();

    @Override
    public String format(LogRecord record) {
        if (record.getThrown() != null) {
            return withTrace.format(record);
        }
        return String.format(FORMAT, ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault()), "",
                record.getLoggerName(), record.getLevel().getLocalizedName(), formatMessage(record), "");
    }
}
