package dev.logshipper.tail;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The Linux C library functions {@link InotifyWakeSource} calls, as downcall handles of the foreign function API
 * ({@code java.lang.foreign}), linked once. The GraalVM native image needs each function descriptor registered in
 * {@code META-INF/native-image/dev.logshipper/log-shipper/reachability-metadata.json} ({@code foreign.downcalls}); keep
 * the two in step ({@code ReachabilityMetadataTest} compares them with {@link #DESCRIPTORS}).
 *
 * <p>Calls that can fail in a way worth telling apart take a first argument that receives {@code errno} (a segment of
 * {@link #callStateLayout}, read with {@link #errno}).
 */
final class LinuxCalls {

    static final int IN_NONBLOCK = 0x800;
    static final int IN_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    static final short POLLIN = 0x1;
    /** POLLERR, POLLHUP, POLLNVAL: the descriptor is broken, reading it would not help. */
    static final short POLL_FAILED = 0x8 | 0x10 | 0x20;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout C_INT = (ValueLayout) LINKER.canonicalLayouts().get("int");
    private static final ValueLayout C_LONG = (ValueLayout) LINKER.canonicalLayouts().get("long");
    private static final ValueLayout C_SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");
    private static final ValueLayout C_POINTER = (ValueLayout) LINKER.canonicalLayouts().get("void*");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int inotify_init1(int flags)} */
    static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(C_INT, C_INT);
    /** {@code int inotify_add_watch(int fd, const char *path, uint32_t mask)}, with errno */
    static final FunctionDescriptor INT_OF_INT_POINTER_INT = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
    /** {@code ssize_t read(int fd, void *buf, size_t count)} with errno, and {@code write} without */
    static final FunctionDescriptor LONG_OF_INT_POINTER_SIZE = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T);
    /** {@code int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *mask)}, with errno */
    static final FunctionDescriptor INT_OF_POINTER_LONG_POINTER_POINTER =
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER);
    /** {@code int eventfd(unsigned int initval, int flags)} */
    static final FunctionDescriptor INT_OF_INT_INT = FunctionDescriptor.of(C_INT, C_INT, C_INT);

    /** Every descriptor linked here, with whether errno is captured: what the native image must have registered. */
    static final java.util.Map<FunctionDescriptor, java.util.List<Boolean>> DESCRIPTORS = java.util.Map.of(
            INT_OF_INT, java.util.List.of(false),
            INT_OF_INT_POINTER_INT, java.util.List.of(true),
            LONG_OF_INT_POINTER_SIZE, java.util.List.of(true, false),
            INT_OF_POINTER_LONG_POINTER_POINTER, java.util.List.of(true),
            INT_OF_INT_INT, java.util.List.of(false));

    private static final MethodHandle INOTIFY_INIT1;
    private static final MethodHandle INOTIFY_ADD_WATCH;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle PPOLL;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle CLOSE;

    static {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            throw new UnsupportedOperationException("inotify exists on Linux only, not on " + os);
        }
        SymbolLookup libc = LINKER.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        INOTIFY_INIT1 = link(libc, "inotify_init1", INT_OF_INT);
        INOTIFY_ADD_WATCH = link(libc, "inotify_add_watch", INT_OF_INT_POINTER_INT, errno);
        READ = link(libc, "read", LONG_OF_INT_POINTER_SIZE, errno);
        WRITE = link(libc, "write", LONG_OF_INT_POINTER_SIZE);
        PPOLL = link(libc, "ppoll", INT_OF_POINTER_LONG_POINTER_POINTER, errno);
        EVENTFD = link(libc, "eventfd", INT_OF_INT_INT);
        CLOSE = link(libc, "close", INT_OF_INT);
    }

    private LinuxCalls() {
    }

    /**
     * Links every function (once per JVM; the first failure is final).
     *
     * @throws UnsupportedOperationException on another operating system, or where a function is missing (wrapped in an
     *     {@link ExceptionInInitializerError} the first time, a {@link NoClassDefFoundError} after)
     * @throws IllegalCallerException where native access is denied ({@code --illegal-native-access=deny} without
     *     {@code --enable-native-access}), wrapped the same way
     */
    static void link() {
        // Running the static initializer is the linking.
    }

    private static MethodHandle link(SymbolLookup libc, String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = libc.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    static int inotifyInit1(int flags) {
        try {
            return (int) INOTIFY_INIT1.invokeExact(flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int inotifyAddWatch(MemorySegment state, int fd, MemorySegment path, int mask) {
        try {
            return (int) INOTIFY_ADD_WATCH.invokeExact(state, fd, path, mask);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long read(MemorySegment state, int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(state, fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(fd, buffer, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code ppoll} without a signal mask. */
    static int ppoll(MemorySegment state, MemorySegment fds, long count, MemorySegment timeout) {
        try {
            return (int) PPOLL.invokeExact(state, fds, count, timeout, MemorySegment.NULL);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int eventfd(int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(initial, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Downcalls throw nothing checked, and the handles' types are fixed here: anything thrown is a bug. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** The layout of the state a call with errno captured writes into its first argument. */
    static StructLayout callStateLayout() {
        return CALL_STATE;
    }

    /** The errno a call left in {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
