package dev.parley;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The one-line log format of {@code parley}: time, level, logger, message, the line {@link SimpleFormatter} writes
 * with {@link #FORMAT}, put together without {@code String.format} and without asking the record for its source
 * class and method. {@code SimpleFormatter} always asks, and a record logged without them walks the stack to find
 * them; and {@code String.format} parses the pattern and formats the date field by field on every record. With a log
 * line at every WebSocket open and close both were a measurable part of a handshake's CPU (docs/performance.md,
 * "Handshake, round 2"). The time, to the second, is formatted once a second. A record with a throwable is rare and
 * goes to {@code SimpleFormatter}, which writes its trace.
 */
final class LogLine extends Formatter {
    /** Time, level, logger, message (and a throwable's trace, if any). */
    static final String FORMAT = "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NEWLINE = System.lineSeparator();

    /** The last second formatted, and its text. */
    private record Second(long epochSecond, String text) {
    }

    private final SimpleFormatter withTrace = new SimpleFormatter();
    private final ZoneId zone = ZoneId.systemDefault();
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    @Override
    public String format(LogRecord record) {
        if (record.getThrown() != null) {
            return withTrace.format(record);
        }
        String message = formatMessage(record);
        String level = record.getLevel().getLocalizedName();
        String logger = record.getLoggerName();
        return new StringBuilder(32 + level.length() + (logger == null ? 4 : logger.length()) + message.length())
                .append(time(record.getInstant().getEpochSecond())).append(' ').append(level).append(' ')
                .append(logger).append(": ").append(message).append(NEWLINE).toString();
    }

    private String time(long epochSecond) {
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            LocalDateTime local = LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), zone);
            second = new Second(epochSecond, TIME.format(local));
            last = second;
        }
        return second.text();
    }
}
