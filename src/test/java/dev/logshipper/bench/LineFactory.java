package dev.logshipper.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Makes the benchmark's log lines, deterministic from a seed: application-log-looking ASCII text (levels, threads,
 * logger names, key=value pairs, now and then a quoted value that needs JSON escaping) padded to an exact length,
 * Java stack traces as {@code Throwable.printStackTrace()} prints them, and CRI (containerd) framing.
 */
final class LineFactory {

    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "DEBUG", "WARN "};
    private static final String[] LOGGERS = {"com.example.orders.OrderService", "com.example.http.RequestLog",
            "org.springframework.web.servlet.DispatcherServlet", "com.example.payments.PaymentClient",
            "io.netty.channel.DefaultChannelPipeline"};
    private static final String[] WORDS = {"order", "processed", "user=42", "latency_ms=17", "status=200", "cache",
            "hit", "miss", "GET", "/api/v1/orders", "region=eu-west-1", "retry=0", "bytes=5312", "session", "ok",
            "payload", "\"quoted value\"", "tenant=acme", "trace=4bf92f3577b34da6", "span=00f067aa0ba902b7"};
    private static final String[] EXCEPTIONS = {"java.lang.IllegalStateException", "java.io.UncheckedIOException",
            "java.util.concurrent.TimeoutException", "org.springframework.dao.DataAccessResourceFailureException"};
    private static final String[] FRAMES = {"com.example.orders.OrderService.place(OrderService.java:%d)",
            "com.example.orders.OrderController.post(OrderController.java:%d)",
            "jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:%d)",
            "java.base/java.lang.reflect.Method.invoke(Method.java:%d)",
            "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:%d)",
            "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:%d)",
            "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:%d)",
            "java.base/java.lang.Thread.run(Thread.java:%d)"};
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SplittableRandom random;
    private final StringBuilder sb = new StringBuilder(512);
    private long cachedMillis = Long.MIN_VALUE;
    private String cachedTime = "";

    LineFactory(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One application log line of exactly {@code length} bytes, newline included. */
    byte[] appLine(long seq, Instant time, int length) {
        sb.setLength(0);
        sb.append(millis(time)).append(' ').append(LEVELS[random.nextInt(LEVELS.length)])
                .append(" [worker-").append(random.nextInt(16)).append("] ")
                .append(LOGGERS[random.nextInt(LOGGERS.length)]).append(" - seq=").append(seq);
        return padded(length);
    }

    /** The wall-clock time now in epoch microseconds: the latency stamp of a line written now. */
    static long epochMicrosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** A line starting with the latency stamp {@code @<16-digit epoch micros> }, exactly {@code length} bytes. */
    byte[] stampedLine(long epochMicros, long seq, int length) {
        sb.setLength(0);
        sb.append('@').append(String.format("%016d", epochMicros)).append(" seq=").append(seq);
        return padded(length);
    }

    /** Same length and shape as {@link #stampedLine} but without a stamp (warm-up lines the histogram ignores). */
    byte[] unstampedLine(long seq, int length) {
        sb.setLength(0);
        sb.append('#').append("0".repeat(16)).append(" seq=").append(seq);
        return padded(length);
    }

    /** A CRI line {@code <RFC 3339 nanos> stdout F <app line>} of exactly {@code length} bytes. */
    byte[] criLine(long seq, Instant time, int length) {
        sb.setLength(0);
        sb.append(NANOS.format(time)).append(" stdout F ").append(millis(time)).append(" INFO  [main] ")
                .append(LOGGERS[random.nextInt(LOGGERS.length)]).append(" - seq=").append(seq);
        return padded(length);
    }

    /**
     * A logged error with its stack trace: the log line, the exception header, frames, usually a cause with its own
     * frames and a {@code ... N more} line. Lines end with newlines; about 1.5 KiB in all.
     */
    byte[] stackTrace(long seq, Instant time) {
        sb.setLength(0);
        sb.append(millis(time)).append(" ERROR [worker-").append(random.nextInt(16))
                .append("] com.example.orders.OrderController - request failed seq=").append(seq).append('\n');
        sb.append(EXCEPTIONS[random.nextInt(EXCEPTIONS.length)]).append(": could not place order ").append(seq)
                .append('\n');
        frames(6 + random.nextInt(10));
        if (random.nextInt(3) > 0) {
            sb.append("Caused by: java.net.SocketTimeoutException: Read timed out\n");
            frames(3 + random.nextInt(5));
            sb.append("\t... ").append(5 + random.nextInt(20)).append(" more\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The millisecond timestamp text, formatted once per distinct millisecond (generation is 1 GiB at times). */
    private String millis(Instant time) {
        long ms = time.toEpochMilli();
        if (ms != cachedMillis) {
            cachedMillis = ms;
            cachedTime = MILLIS.format(time);
        }
        return cachedTime;
    }

    private void frames(int n) {
        for (int i = 0; i < n; i++) {
            sb.append("\tat ").append(String.format(FRAMES[random.nextInt(FRAMES.length)], 20 + random.nextInt(900)))
                    .append('\n');
        }
    }

    private byte[] padded(int length) {
        while (sb.length() < length - 1) {
            sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        sb.setLength(length - 1);
        if (sb.charAt(sb.length() - 1) == '\\') {
            sb.setCharAt(sb.length() - 1, '.');
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
