package dev.logshipper.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A wake-up hint only: directory events (new file, modification, overflow) wake the reader early. Nothing
 * depends on it: the periodic scan and the poll of open files are the truth, so a missed or overflowed event,
 * a file system without inotify, or symlinked targets outside the watched directories only cost latency.
 */
final class WatchHint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WatchHint.class.getName());

    /** What the reader does when woken. */
    interface Wakeable {
        void wake(boolean rescan);
    }

    private final WatchService service;
    private final Set<Path> registered = new HashSet<>();
    /** The directories whose events do arrive (registered without error). */
    private final Set<Path> watching = new HashSet<>();
    /** Whether a path is a link, looked up once per path (an lstat per file per scan cost as much as it saved). */
    private final Map<Path, Boolean> symbolicLinks = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Boolean> eldest) {
            return size() > 16_384;
        }
    };
    private final Thread thread;

    WatchHint(Wakeable target) {
        WatchService created = null;
        try {
            created = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.INFO, "No WatchService ({0}); relying on polling only", e.toString());
        }
        this.service = created;
        this.thread = Thread.ofPlatform().name("log-shipper-tail-watch").daemon().unstarted(() -> run(target));
        if (service != null) {
            thread.start();
        }
    }

    /** Registers directories not yet watched (called by the reader after each scan; cheap when nothing is new). */
    void watch(Set<Path> directories) {
        if (service == null) {
            return;
        }
        for (Path directory : directories) {
            if (!registered.contains(directory) && Files.isDirectory(directory)) {
                try {
                    directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                    registered.add(directory);
                    watching.add(directory);
                } catch (IOException | ClosedWatchServiceException e) {
                    registered.add(directory); // do not retry every scan; polling covers it
                }
            }
        }
    }

    /**
     * True when writes to {@code file} wake the reader: its directory is watched and it is no symbolic link (inotify
     * reports a change in the directory that holds the file itself, not in one that holds a link to it).
     */
    boolean covers(Path file) {
        Path directory = file.getParent();
        return service != null && directory != null && watching.contains(directory)
                && !symbolicLinks.computeIfAbsent(file, Files::isSymbolicLink);
    }

    private void run(Wakeable target) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean rescan = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    rescan |= event.kind() != StandardWatchEventKinds.ENTRY_MODIFY;
                }
                if (!key.reset()) {
                    rescan = true;
                }
                target.wake(rescan);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // nothing held but the inotify descriptor
            }
        }
    }
}
