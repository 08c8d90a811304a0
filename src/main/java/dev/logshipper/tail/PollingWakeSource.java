package dev.logshipper.tail;

import java.nio.file.Path;
import java.util.Set;

/**
 * No file system events: the reader looks at its files when its timeout passes (or when woken). The last resort, where
 * neither inotify nor a {@code WatchService} is available; it covers no file, so the reader polls them all. Its waiting
 * is also {@link WatchServiceWakeSource}'s, whose events arrive as {@link #wakeUp}s from the watch thread.
 */
class PollingWakeSource implements WakeSource {

    private final Parker parker = new Parker();

    @Override
    public String name() {
        return "polling";
    }

    @Override
    public void watch(Set<Path> directories) {
        // nothing to watch with
    }

    @Override
    public boolean covers(Path file) {
        return false;
    }

    @Override
    public boolean await(long timeoutNanos) {
        return parker.await(timeoutNanos);
    }

    @Override
    public Set<Path> takeModified() {
        return Set.of();
    }

    @Override
    public boolean takeRescan() {
        return false;
    }

    @Override
    public void wakeUp() {
        parker.signal();
    }

    @Override
    public void close() {
        // nothing held
    }
}
