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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A wake-up hint only: directory events (new file, modification, deletion, overflow) wake the reader early, and the
 * files reported modified are remembered ({@link #takeModified}) so that the reader need not look at the others. Nothing
 * depends on it for correctness: the periodic scan and the poll of open files are the truth, so a missed or overflowed
 * event, a file system without inotify, or symlinked targets outside the watched directories only cost latency (at
 * most one scan interval).
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
    private final SymbolicLinks symbolicLinks = new SymbolicLinks();
    /**
     * Files reported modified and not yet taken by the reader; bounded (past the bound the reader rescans instead). The
     * reader removes what it takes, one by one: a path added while it takes stays for its next pass, which the wake-up
     * that follows every addition guarantees.
     */
    private final Set<Path> modified = ConcurrentHashMap.newKeySet();
    private static final int MAX_MODIFIED = 65_536;
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
                    directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
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
                && !symbolicLinks.isLink(file);
    }

    /** False when the platform has no {@code WatchService}: nothing is reported, polling covers everything. */
    boolean available() {
        return service != null;
    }

    /**
     * The files reported modified since the last call (paths as the watched directory resolves their names, which is
     * how the scan names them too), or an empty set. Called by the reader before each pass over the files.
     */
    Set<Path> takeModified() {
        if (modified.isEmpty()) {
            return Set.of();
        }
        Set<Path> taken = new HashSet<>();
        for (java.util.Iterator<Path> it = modified.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        return taken;
    }

    private void run(Wakeable target) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean rescan = false;
                Path directory = key.watchable() instanceof Path p ? p : null;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.ENTRY_MODIFY && directory != null
                            && event.context() instanceof Path name) {
                        if (modified.size() < MAX_MODIFIED) {
                            modified.add(directory.resolve(name));
                        } else {
                            rescan = true;
                        }
                    } else {
                        rescan = true; // created, deleted, renamed, overflow: the scan finds out what
                    }
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
