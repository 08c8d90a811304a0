import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Prints log lines interleaved with real JVM stack traces to stderr, the way a logger that prints
 * "message + throwable" would: a nested cause chain (so "... N more" appears), a suppressed exception
 * with its own cause (nested, tab-indented), and finally an uncaught exception ("Exception in thread").
 */
public class JavaTraces {

    static void log(String level, String msg) {
        System.err.println("2025-01-02T03:04:05.000Z " + level + " [main] app - " + msg);
    }

    static void readConfig() throws IOException {
        throw new IOException("config file unreadable");
    }

    static void loadService() {
        try {
            readConfig();
        } catch (IOException e) {
            throw new IllegalStateException("service failed to load", e);
        }
    }

    static void start() {
        try {
            loadService();
        } catch (IllegalStateException e) {
            throw new RuntimeException("startup aborted", e);
        }
    }

    static class Res implements AutoCloseable {
        @Override
        public void close() {
            throw new UncheckedIOException("close failed", new IOException("disk gone"));
        }
    }

    static void withResource() throws Exception {
        try (Res r = new Res()) {
            throw new Exception("work failed inside try-with-resources");
        }
    }

    public static void main(String[] args) throws Exception {
        log("INFO", "starting");
        try {
            start();
        } catch (RuntimeException e) {
            log("ERROR", "could not start");
            e.printStackTrace();
        }
        log("INFO", "retrying with resource");
        try {
            withResource();
        } catch (Exception e) {
            log("ERROR", "resource problem");
            e.printStackTrace();
        }
        log("WARN", "about to fail hard");
        System.err.flush();
        Object o = null;
        o.hashCode();
    }
}
