package dev.logshipper.tail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Wake-ups from inotify, called through the foreign function API, with the reader thread itself blocked on the inotify
 * descriptors ({@code ppoll}) until an event, a {@link #wakeUp} (an {@code eventfd}) or its timeout: no thread of its
 * own. Events are parsed from one reused native buffer; a write to a file the directory has reported before costs no
 * allocation ({@link WatchedDirectory}), and the kernel merges identical consecutive events that were not read yet, so a
 * reader that waits a while between reads gets one event however many writes there were.
 *
 * <p>Two inotify instances watch each directory: one for writes ({@code IN_MODIFY}), one for everything a rotation
 * does. {@link #awaitRotation} waits on the second alone, so a coalescing window sleeps through writes (queued and
 * merged by the kernel, taken after the window) but not through logrotate creating its copy.
 *
 * <p>Events: {@code IN_MODIFY} names a modified file; a file created, deleted or renamed, a watched directory gone
 * ({@code IN_IGNORED}, {@code IN_DELETE_SELF}, {@code IN_MOVE_SELF}) and a full kernel queue ({@code IN_Q_OVERFLOW})
 * ask for a rescan. If a call fails in a way that does not pass (not {@code EINTR}), it logs once, reports a rescan,
 * covers no file any more and waits by parking: the reader then polls, as without inotify.
 */
final class InotifyWakeSource implements WakeSource {

    private static final System.Logger LOG = System.getLogger(InotifyWakeSource.class.getName());

    private static final int IN_MODIFY = 0x2;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x1000000;
    private static final int ROTATION_WATCH_MASK = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF
            | IN_MOVE_SELF | IN_ONLYDIR;
    private static final int WRITE_WATCH_MASK = IN_MODIFY | IN_ONLYDIR;
    private static final int RESCAN_MASK = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF
            | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED;
    /** {@code struct inotify_event}: int wd, uint32 mask, uint32 cookie, uint32 len, then len bytes of name. */
    private static final int EVENT_HEADER = 16;
    private static final int MAX_EVENT = EVENT_HEADER + 256;
    private static final int BUFFER_BYTES = 16 * 1024;
    /** Past this many files reported and not taken, a rescan is reported instead (bounds the set). */
    private static final int MAX_MODIFIED = 65_536;

    /** Reports what a rotation does: files created, deleted, renamed; the directory itself gone. */
    private final int rotations;
    /** Reports writes. */
    private final int writes;
    private final int eventFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events = arena.allocate(BUFFER_BYTES, 8);
    /**
     * Three {@code struct pollfd} (int fd, short events, short revents): the rotations' inotify descriptor, the eventfd,
     * the writes' inotify descriptor ({@link #awaitRotation} polls the first two only).
     */
    private final MemorySegment pollFds = arena.allocate(24, 8);
    /** {@code struct timespec} (long seconds, long nanoseconds). */
    private final MemorySegment timeout = arena.allocate(16, 8);
    private final MemorySegment counter = arena.allocate(8, 8);
    private final MemorySegment one = arena.allocate(8, 8);
    private final MemorySegment callState = arena.allocate(LinuxCalls.callStateLayout());
    private final Charset fileNames = fileNameCharset();

    private final Map<Integer, WatchedDirectory> byRotationWatch = new HashMap<>();
    private final Map<Integer, WatchedDirectory> byWriteWatch = new HashMap<>();
    private final Set<Path> registered = new HashSet<>();
    private final Set<Path> watching = new HashSet<>();
    private final SymbolicLinks symbolicLinks = new SymbolicLinks();
    private Set<Path> modified = new HashSet<>();
    private Set<Path> taken = new HashSet<>();
    private boolean rescan;
    /** A call failed for good: wait by parking, cover nothing. */
    private volatile boolean broken;
    private final Parker parker = new Parker();
    private volatile boolean closed;

    private InotifyWakeSource(int rotations, int writes, int eventFd) {
        this.rotations = rotations;
        this.writes = writes;
        this.eventFd = eventFd;
        pollFds.set(ValueLayout.JAVA_INT, 0, rotations);
        pollFds.set(ValueLayout.JAVA_SHORT, 4, LinuxCalls.POLLIN);
        pollFds.set(ValueLayout.JAVA_INT, 8, eventFd);
        pollFds.set(ValueLayout.JAVA_SHORT, 12, LinuxCalls.POLLIN);
        pollFds.set(ValueLayout.JAVA_INT, 16, writes);
        pollFds.set(ValueLayout.JAVA_SHORT, 20, LinuxCalls.POLLIN);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    /**
     * Opens two inotify instances and an eventfd.
     *
     * @throws IOException the kernel refused (the per-user limit of inotify instances reached)
     * @throws LinkageError the functions could not be linked ({@link LinuxCalls#link})
     */
    static InotifyWakeSource open() throws IOException {
        LinuxCalls.link();
        int rotations = LinuxCalls.inotifyInit1(LinuxCalls.IN_NONBLOCK | LinuxCalls.IN_CLOEXEC);
        if (rotations < 0) {
            throw new IOException("inotify_init1 failed (the per-user limit of inotify instances reached?)");
        }
        int writes = LinuxCalls.inotifyInit1(LinuxCalls.IN_NONBLOCK | LinuxCalls.IN_CLOEXEC);
        if (writes < 0) {
            LinuxCalls.close(rotations);
            throw new IOException("inotify_init1 failed (the per-user limit of inotify instances reached?)");
        }
        int eventFd = LinuxCalls.eventfd(0, LinuxCalls.EFD_NONBLOCK | LinuxCalls.EFD_CLOEXEC);
        if (eventFd < 0) {
            LinuxCalls.close(rotations);
            LinuxCalls.close(writes);
            throw new IOException("eventfd failed");
        }
        return new InotifyWakeSource(rotations, writes, eventFd);
    }

    @Override
    public String name() {
        return "inotify";
    }

    @Override
    public void watch(Set<Path> directories) {
        for (Path directory : directories) {
            if (broken || registered.contains(directory) || !Files.isDirectory(directory)) {
                continue;
            }
            registered.add(directory); // also when it fails: not retried every scan, polling covers it
            // Rotations first: a directory whose writes are watched is never without its rotations.
            if (addWatch(rotations, directory, ROTATION_WATCH_MASK, byRotationWatch)
                    && addWatch(writes, directory, WRITE_WATCH_MASK, byWriteWatch)) {
                watching.add(directory);
            }
        }
    }

    private boolean addWatch(int instance, Path directory, int mask, Map<Integer, WatchedDirectory> watches) {
        int wd;
        int errno;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment name = call.allocateFrom(directory.toString(), fileNames);
            wd = LinuxCalls.inotifyAddWatch(callState, instance, name, mask);
            errno = LinuxCalls.errno(callState);
        }
        if (wd < 0) {
            LOG.log(System.Logger.Level.INFO, "Cannot watch {0} with inotify (errno {1}; 28 = the per-user limit of "
                    + "watches, fs.inotify.max_user_watches); its files are polled", directory, errno);
            return false;
        }
        watches.put(wd, new WatchedDirectory(directory, fileNames));
        return true;
    }

    @Override
    public boolean covers(Path file) {
        Path directory = file.getParent();
        return !broken && directory != null && watching.contains(directory) && !symbolicLinks.isLink(file);
    }

    @Override
    public boolean await(long timeoutNanos) {
        if (rescan || !modified.isEmpty()) {
            return true;
        }
        return poll(timeoutNanos, 3);
    }

    @Override
    public boolean awaitRotation(long timeoutNanos) {
        if (rescan) {
            return true;
        }
        return poll(timeoutNanos, 2); // the rotations' instance reports nothing but what asks for a rescan
    }

    /** {@code ppoll} on the first {@code count} descriptors: the rotations' inotify, the eventfd, the writes' inotify. */
    private boolean poll(long timeoutNanos, int count) {
        if (broken || closed) {
            return parker.await(timeoutNanos);
        }
        long nanos = Math.max(0, timeoutNanos);
        timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        timeout.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        pollFds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        pollFds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
        pollFds.set(ValueLayout.JAVA_SHORT, 22, (short) 0);
        int ready = LinuxCalls.ppoll(callState, pollFds, count, timeout);
        if (ready < 0) {
            int errno = LinuxCalls.errno(callState);
            if (errno != LinuxCalls.EINTR) {
                fail("ppoll", errno);
            }
            return false;
        }
        if (ready == 0) {
            return false;
        }
        short rotationEvents = pollFds.get(ValueLayout.JAVA_SHORT, 6);
        short wakeEvents = pollFds.get(ValueLayout.JAVA_SHORT, 14);
        short writeEvents = count > 2 ? pollFds.get(ValueLayout.JAVA_SHORT, 22) : 0;
        if (((rotationEvents | wakeEvents | writeEvents) & LinuxCalls.POLL_FAILED) != 0) {
            fail("ppoll (revents " + Integer.toHexString(rotationEvents) + "/" + Integer.toHexString(wakeEvents) + "/"
                    + Integer.toHexString(writeEvents) + ")", 0);
            return true; // the rescan it reported
        }
        if ((wakeEvents & LinuxCalls.POLLIN) != 0) {
            LinuxCalls.read(callState, eventFd, counter, 8); // resets the counter
        }
        if ((rotationEvents & LinuxCalls.POLLIN) != 0) {
            readEvents(rotations, byRotationWatch);
        }
        if ((writeEvents & LinuxCalls.POLLIN) != 0) {
            readEvents(writes, byWriteWatch);
        }
        return true;
    }

    /**
     * Reads what the kernel queued. One read usually takes everything; a nearly full buffer means there may be more,
     * and whatever comes after the last read makes the next {@code ppoll} return at once.
     */
    private void readEvents(int instance, Map<Integer, WatchedDirectory> watches) {
        long count;
        do {
            count = LinuxCalls.read(callState, instance, events, BUFFER_BYTES);
            if (count < 0) {
                int errno = LinuxCalls.errno(callState);
                if (errno != LinuxCalls.EAGAIN && errno != LinuxCalls.EINTR) {
                    fail("read", errno);
                }
                return;
            }
            parse(count, watches);
        } while (count > BUFFER_BYTES - MAX_EVENT);
    }

    private void parse(long count, Map<Integer, WatchedDirectory> watches) {
        long offset = 0;
        while (offset + EVENT_HEADER <= count) {
            int wd = events.get(ValueLayout.JAVA_INT, offset);
            int mask = events.get(ValueLayout.JAVA_INT, offset + 4);
            int length = events.get(ValueLayout.JAVA_INT, offset + 12);
            if ((mask & IN_IGNORED) != 0) {
                forget(wd, watches);
            }
            if ((mask & RESCAN_MASK) != 0) {
                rescan = true;
            } else if ((mask & IN_MODIFY) != 0 && length > 0) {
                modified(watches.get(wd), offset + EVENT_HEADER, nameLength(offset + EVENT_HEADER, length));
            }
            offset += EVENT_HEADER + length;
        }
    }

    /** The name is NUL-terminated and padded with NULs to {@code length}. */
    private int nameLength(long at, int length) {
        int n = 0;
        while (n < length && events.get(ValueLayout.JAVA_BYTE, at + n) != 0) {
            n++;
        }
        return n;
    }

    private void modified(WatchedDirectory directory, long nameAt, int nameLength) {
        if (directory == null || nameLength == 0) {
            return;
        }
        if (modified.size() >= MAX_MODIFIED) {
            rescan = true;
            return;
        }
        modified.add(directory.resolve(events, nameAt, nameLength));
    }

    /**
     * The kernel dropped a watch (the directory was deleted or unmounted): watch it again if a scan finds it. Both
     * instances report it; the first report ends the directory's coverage.
     */
    private void forget(int wd, Map<Integer, WatchedDirectory> watches) {
        WatchedDirectory directory = watches.remove(wd);
        if (directory != null) {
            registered.remove(directory.path);
            watching.remove(directory.path);
        }
    }

    @Override
    public Set<Path> takeModified() {
        if (modified.isEmpty()) {
            return Set.of();
        }
        Set<Path> now = modified;
        taken.clear();
        modified = taken;
        taken = now;
        return now;
    }

    @Override
    public boolean takeRescan() {
        boolean needed = rescan;
        rescan = false;
        return needed;
    }

    @Override
    public synchronized void wakeUp() {
        if (broken || closed) {
            parker.signal();
            return;
        }
        LinuxCalls.write(eventFd, one, 8); // the counter stays above 0 until read
    }

    private void fail(String call, int errno) {
        if (!broken) {
            LOG.log(System.Logger.Level.WARNING, "inotify stopped working ({0} failed with errno {1}); polling the files "
                    + "from now on", call, errno);
        }
        broken = true;
        rescan = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LinuxCalls.close(rotations);
        LinuxCalls.close(writes);
        LinuxCalls.close(eventFd);
        arena.close();
    }

    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
