package dev.logshipper.tail;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wake-ups from the JDK's {@code WatchService} ({@link WatchHint}): the fallback where inotify cannot be called directly.
 * The JDK runs its own thread that reads inotify and queues events, {@link WatchHint} another that takes them; both wake
 * per write and allocate per event, which is what {@link InotifyWakeSource} avoids.
 */
final class WatchServiceWakeSource extends PollingWakeSource {

    private final AtomicBoolean rescan = new AtomicBoolean();
    private final WatchHint hint;

    /** @throws UnsupportedOperationException where the platform has no {@code WatchService} */
    WatchServiceWakeSource() {
        this.hint = new WatchHint(this::reported);
        if (!hint.available()) {
            hint.close();
            throw new UnsupportedOperationException("no WatchService on this platform");
        }
    }

    private void reported(boolean needsScan) {
        if (needsScan) {
            rescan.set(true);
        }
        wakeUp();
    }

    @Override
    public String name() {
        return "watch-service";
    }

    @Override
    public void watch(Set<Path> directories) {
        hint.watch(directories);
    }

    @Override
    public boolean covers(Path file) {
        return hint.covers(file);
    }

    @Override
    public Set<Path> takeModified() {
        return hint.takeModified();
    }

    @Override
    public boolean takeRescan() {
        return rescan.getAndSet(false);
    }

    @Override
    public void close() {
        hint.close();
    }
}
