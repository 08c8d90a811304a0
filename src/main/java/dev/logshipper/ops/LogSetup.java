package dev.logshipper.ops;

import dev.logshipper.bytes.JsonEscape;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Configures the shipper's own logging: java.util.logging (which System.Logger and, through slf4j-jdk14, the AWS SDK use)
 * writes one line per event to stderr - never into a tailed directory, never onto stdout, which the stdout sink owns -
 * as text or as JSON.
 */
public final class LogSetup {

    private LogSetup() {
    }

    /** {@code level}: error, warn, info, debug or trace. */
    public static void configure(String level, boolean json) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StderrHandler();
        handler.setFormatter(json ? new JsonLineFormatter() : new TextLineFormatter());
        Level julLevel = toJul(level);
        handler.setLevel(julLevel);
        root.addHandler(handler);
        root.setLevel(julLevel);
        // The SDK is chatty at INFO about things the operator cannot act on; keep its warnings.
        Logger.getLogger("software.amazon.awssdk").setLevel(julLevel.intValue() < Level.INFO.intValue() ? julLevel : Level.WARNING);
    }

    /**
     * One line per record to the process's stderr. Not a ConsoleHandler: replacing its stream closes System.err.
     */
    private static final class StderrHandler extends Handler {
        private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                err.print(getFormatter().format(record));
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }

    static Level toJul(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> Level.INFO;
        };
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    static String shortName(String logger) {
        if (logger == null) {
            return "";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    static final class TextLineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128);
            sb.append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(levelName(r.getLevel())).append(' ')
                    .append(shortName(r.getLoggerName())).append(": ")
                    .append(formatMessage(r).replace('\n', ' '));
            if (r.getThrown() != null) {
                sb.append(" | ").append(r.getThrown());
                Throwable cause = r.getThrown().getCause();
                if (cause != null) {
                    sb.append(" caused by ").append(cause);
                }
            }
            return sb.append('\n').toString();
        }
    }

    static final class JsonLineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append("{\"time\":\"").append(Instant.ofEpochMilli(r.getMillis())).append("\",\"level\":\"")
                    .append(levelName(r.getLevel())).append("\",\"logger\":");
            JsonEscape.appendQuoted(sb, shortName(r.getLoggerName()));
            sb.append(",\"message\":");
            JsonEscape.appendQuoted(sb, formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(",\"error\":");
                JsonEscape.appendQuoted(sb, r.getThrown().toString());
            }
            return sb.append("}\n").toString();
        }
    }
}
