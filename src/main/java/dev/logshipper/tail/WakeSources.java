package dev.logshipper.tail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Chooses the reader's {@link WakeSource}: the best one this platform offers, never failing. */
final class WakeSources {

    private static final System.Logger LOG = System.getLogger(WakeSources.class.getName());

    /** The implementations, best first. */
    enum Kind {
        INOTIFY, WATCH_SERVICE, POLLING
    }

    private WakeSources() {
    }

    /**
     * inotify on the reader thread where it links (Linux, native access allowed), else the JDK's {@code WatchService},
     * else polling; logs which one and why a better one was not used.
     */
    static WakeSource open() {
        return firstAvailable(List.of(Kind.values()), WakeSources::open);
    }

    /** Opens one kind of source; throws where it is unavailable. */
    interface Opener {
        WakeSource open(Kind kind) throws IOException;
    }

    /** The first of {@code kinds} that opens, logged with why the ones before it did not. */
    static WakeSource firstAvailable(List<Kind> kinds, Opener opener) {
        List<String> unavailable = new ArrayList<>();
        for (Kind kind : kinds) {
            try {
                WakeSource source = opener.open(kind);
                LOG.log(System.Logger.Level.INFO, "File events: {0}{1}", describe(kind),
                        unavailable.isEmpty() ? "" : " (" + String.join("; ", unavailable) + ")");
                return source;
            } catch (IOException | RuntimeException | LinkageError e) {
                // LinkageError: the foreign function API could not link the C functions (its class did not initialise).
                unavailable.add(kind.name().toLowerCase(Locale.ROOT) + " unavailable: " + e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, "File events: none could be opened ({0}); the files are polled",
                String.join("; ", unavailable));
        return new PollingWakeSource();
    }

    /**
     * That implementation.
     *
     * @throws UnsupportedOperationException, IllegalCallerException, LinkageError, IOException where it is unavailable
     */
    static WakeSource open(Kind kind) throws IOException {
        return switch (kind) {
            case INOTIFY -> InotifyWakeSource.open();
            case WATCH_SERVICE -> new WatchServiceWakeSource();
            case POLLING -> new PollingWakeSource();
        };
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case INOTIFY -> "inotify, waited on by the reader thread";
            case WATCH_SERVICE -> "the JDK's WatchService (two threads of its own)";
            case POLLING -> "none; the files are polled";
        };
    }
}
