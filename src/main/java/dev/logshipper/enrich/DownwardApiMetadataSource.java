package dev.logshipper.enrich;

import dev.logshipper.config.ShipperConfig.KubernetesConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Pod metadata from the downward API, with no API server and no RBAC: environment variables set by the
 * manifest ({@code fieldRef}) and the {@code labels} / {@code annotations} files of a {@code downwardAPI}
 * volume mounted at {@code kubernetes.podInfoDirectory}.
 *
 * <p><b>Reload.</b> The kubelet updates such a volume atomically: it writes a new hidden timestamped
 * directory, points a temporary symlink {@code ..data_tmp} at it and renames that over {@code ..data}; the
 * visible {@code labels} file is a symlink to {@code ..data/labels} (pkg/volume/util/atomic_writer.go).
 * {@link #current()} checks at most once per check interval whether the {@code ..data} link target or the
 * identity (file key, mtime, size) of either file changed, and only then re-reads them. A read that raced
 * with a swap (the stamp differs before and after reading) is discarded and retried at the next check, so a
 * half-swapped state never reaches the records.
 *
 * <p><b>Missing sources</b> are simply absent: no directory, no file, or an unset env var gives no value and
 * no error. A malformed line is logged once (per distinct line) and skipped; a file that exists but cannot be
 * read is logged once and treated as absent.
 *
 * <p>Thread-safe: any thread may call {@link #current()}; one of them does the check while the others keep
 * getting the previous snapshot.
 */
public final class DownwardApiMetadataSource implements PodMetadataSource {

    /** Env var names, as the sample manifests set them. */
    public static final String ENV_POD_NAME = "POD_NAME";
    public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
    public static final String ENV_POD_UID = "POD_UID";
    public static final String ENV_NODE_NAME = "NODE_NAME";
    public static final String ENV_POD_IP = "POD_IP";
    public static final String ENV_POD_SERVICE_ACCOUNT = "POD_SERVICE_ACCOUNT";
    public static final String ENV_CLUSTER_NAME = "CLUSTER_NAME";

    /** File names inside the podinfo volume. */
    public static final String LABELS_FILE = "labels";
    public static final String ANNOTATIONS_FILE = "annotations";
    /** The kubelet's atomic-writer data link. */
    public static final String DATA_LINK = "..data";

    /** How often {@link #current()} may look at the files. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** Bound on remembered malformed lines, so a garbage file cannot grow memory. */
    private static final int MAX_REPORTED_LINES = 1000;

    private static final System.Logger LOG = System.getLogger(DownwardApiMetadataSource.class.getName());

    private final Path directory;
    private final PodMetadata fromEnv;
    private final EnrichListener listener;
    private final LongSupplier nanoClock;
    private final long checkIntervalNanos;
    private final ReentrantLock checkLock = new ReentrantLock();
    private final Set<String> reported = new HashSet<>();

    private volatile PodMetadata snapshot;
    private volatile long lastCheckNanos;
    /** Guarded by {@link #checkLock}; null forces a re-read. */
    private Stamp lastStamp;

    public DownwardApiMetadataSource(KubernetesConfig config, Map<String, String> env, EnrichListener listener) {
        this(config, env, listener, System::nanoTime, DEFAULT_CHECK_INTERVAL);
    }

    /** With an injectable monotonic clock (nanoseconds) and check interval, for tests. */
    public DownwardApiMetadataSource(KubernetesConfig config, Map<String, String> env, EnrichListener listener,
                                     LongSupplier nanoClock, Duration checkInterval) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(env, "env");
        this.directory = config.podInfoDirectory();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.checkIntervalNanos = checkInterval.toNanos();
        this.fromEnv = new PodMetadata(
                env.get(ENV_POD_NAME),
                env.get(ENV_POD_NAMESPACE),
                env.get(ENV_POD_UID),
                env.get(ENV_NODE_NAME),
                env.get(ENV_POD_IP),
                env.get(ENV_POD_SERVICE_ACCOUNT),
                config.cluster().filter(c -> !c.isBlank()).orElse(env.get(ENV_CLUSTER_NAME)),
                Map.of(), Map.of());
        this.snapshot = fromEnv;
        checkLock.lock();
        try {
            this.lastCheckNanos = nanoClock.getAsLong();
            refresh(true);
        } finally {
            checkLock.unlock();
        }
    }

    @Override
    public PodMetadata current() {
        long now = nanoClock.getAsLong();
        if (now - lastCheckNanos >= checkIntervalNanos && checkLock.tryLock()) {
            try {
                if (now - lastCheckNanos >= checkIntervalNanos) {
                    lastCheckNanos = now;
                    refresh(false);
                }
            } finally {
                checkLock.unlock();
            }
        }
        return snapshot;
    }

    /** Re-reads the files when their stamp changed. Caller holds the lock. */
    private void refresh(boolean initial) {
        Stamp before = stamp();
        if (before.equals(lastStamp)) {
            return;
        }
        Map<String, String> labels = read(LABELS_FILE);
        Map<String, String> annotations = read(ANNOTATIONS_FILE);
        Stamp after = stamp();
        if (!before.equals(after)) {
            // Swapped while we read: the two files may come from different versions. Try again next check.
            lastStamp = null;
            return;
        }
        lastStamp = after;
        PodMetadata next = fromEnv.withPodInfo(labels, annotations);
        if (!next.equals(snapshot)) {
            snapshot = next;
            if (!initial) {
                listener.podInfoReloaded();
            }
            LOG.log(System.Logger.Level.INFO, "pod info {0} from {1}: {2} labels, {3} annotations",
                    initial ? "read" : "reloaded", directory, next.labels().size(), next.annotations().size());
        }
    }

    private Map<String, String> read(String fileName) {
        Path file = directory.resolve(fileName);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException e) {
            if (remember("read\0" + fileName + "\0" + e.getClass().getName())) {
                listener.podInfoReadFailed(fileName);
                LOG.log(System.Logger.Level.WARNING, "cannot read pod info file {0}, treating it as absent: {1}",
                        file, e.toString());
            }
            return Map.of();
        }
        PodInfoFileParser.Result result = PodInfoFileParser.parse(content);
        for (PodInfoFileParser.MalformedLine bad : result.malformed()) {
            if (remember("line\0" + fileName + "\0" + bad.line())) {
                listener.podInfoLineMalformed(fileName);
                LOG.log(System.Logger.Level.WARNING, "skipping malformed line {0} of pod info file {1} ({2}): {3}",
                        bad.lineNumber(), file, bad.reason(), abbreviate(bad.line()));
            }
        }
        return result.entries();
    }

    /** True the first time a problem is seen (bounded), so each is logged once. */
    private boolean remember(String problem) {
        if (reported.contains(problem)) {
            return false;
        }
        if (reported.size() >= MAX_REPORTED_LINES) {
            return false;
        }
        reported.add(problem);
        return true;
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private Stamp stamp() {
        String target;
        try {
            target = Files.readSymbolicLink(directory.resolve(DATA_LINK)).toString();
        } catch (IOException | UnsupportedOperationException noLink) {
            target = null;
        }
        return new Stamp(target, fileStamp(LABELS_FILE), fileStamp(ANNOTATIONS_FILE));
    }

    private FileStamp fileStamp(String fileName) {
        try {
            BasicFileAttributes a = Files.readAttributes(directory.resolve(fileName), BasicFileAttributes.class);
            return new FileStamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException absent) {
            return null;
        }
    }

    /** What identifies one version of the volume's content. */
    private record Stamp(String dataLinkTarget, FileStamp labels, FileStamp annotations) {
    }

    private record FileStamp(Object fileKey, long modifiedMillis, long size) {
    }
}
