package dev.logshipper.enrich;

import dev.logshipper.config.ShipperConfig.KubernetesConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DownwardApiMetadataSourceTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path podinfo;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> events = new ArrayList<>();
    private final EnrichListener listener = new EnrichListener() {
        @Override public void podInfoLineMalformed(String fileName) {
            events.add("malformed " + fileName);
        }

        @Override public void podInfoReloaded() {
            events.add("reloaded");
        }
    };

    private DownwardApiMetadataSource source(Optional<String> cluster, Map<String, String> env) {
        return new DownwardApiMetadataSource(new KubernetesConfig(cluster, podinfo), env, listener, nanos::get, INTERVAL);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void readsTheEnvVarsTheManifestsSet() {
        PodMetadata m = source(Optional.empty(), Map.of(
                "POD_NAME", "fargate-log-gen-5c7f8d9b4-x2k8q",
                "POD_NAMESPACE", "logdemo",
                "POD_UID", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                "NODE_NAME", "fargate-ip-192-168-1-10.us-east-2.compute.internal",
                "POD_IP", "192.168.1.10",
                "POD_SERVICE_ACCOUNT", "logdemo-sa",
                "CLUSTER_NAME", "eksfargate-logging-demo")).current();

        assertEquals(new PodMetadata("fargate-log-gen-5c7f8d9b4-x2k8q", "logdemo",
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "fargate-ip-192-168-1-10.us-east-2.compute.internal",
                "192.168.1.10", "logdemo-sa", "eksfargate-logging-demo", Map.of(), Map.of()), m);
    }

    @Test
    void configuredClusterWinsOverTheEnvAndBlankEnvIsAbsent() {
        PodMetadata m = source(Optional.of("from-config"), Map.of("CLUSTER_NAME", "from-env", "POD_NAME", " ")).current();
        assertEquals("from-config", m.cluster());
        assertNull(m.podName());
        assertEquals("from-env", source(Optional.empty(), Map.of("CLUSTER_NAME", "from-env")).current().cluster());
    }

    @Test
    void missingSourcesAreSimplyAbsent() throws IOException {
        Files.delete(podinfo);
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of());
        advance(INTERVAL);

        assertEquals(PodMetadata.EMPTY, source.current());
        assertEquals(List.of(), events);
    }

    @Test
    void picksUpTheKubeletsAtomicSwapWithoutRestart() {
        KubeletVolume volume = new KubeletVolume(podinfo);
        volume.write(Map.of("labels", KubeletVolume.formatMap(Map.of("app", "appf", "version", "1")),
                "annotations", KubeletVolume.formatMap(Map.of("team", "logs"))));
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of("POD_NAME", "p"));
        PodMetadata first = source.current();
        assertEquals(Map.of("app", "appf", "version", "1"), first.labels());
        assertEquals(Map.of("team", "logs"), first.annotations());

        volume.write(Map.of("labels", KubeletVolume.formatMap(Map.of("app", "appf", "version", "2")),
                "annotations", KubeletVolume.formatMap(Map.of("team", "logs"))));

        assertSame(first, source.current(), "not checked again before the interval");
        advance(INTERVAL);
        PodMetadata second = source.current();
        assertEquals(Map.of("app", "appf", "version", "2"), second.labels());
        assertEquals("p", second.podName());
        assertEquals(List.of("reloaded"), events);
        assertSame(second, source.current(), "unchanged files keep the same instance");
    }

    @Test
    void aSwapWithIdenticalContentKeepsTheSnapshotInstance() {
        KubeletVolume volume = new KubeletVolume(podinfo);
        Map<String, String> files = Map.of("labels", KubeletVolume.formatMap(Map.of("app", "a")));
        volume.write(files);
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of());
        PodMetadata first = source.current();

        volume.write(files);
        advance(INTERVAL);

        assertSame(first, source.current());
        assertEquals(List.of(), events);
    }

    @Test
    void labelsFileAppearingLaterIsPickedUp() {
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of());
        assertEquals(Map.of(), source.current().labels());

        new KubeletVolume(podinfo).write(Map.of("labels", KubeletVolume.formatMap(Map.of("app", "late"))));
        advance(INTERVAL);

        assertEquals(Map.of("app", "late"), source.current().labels());
    }

    @Test
    void plainFilesWithoutDataLinkAreReloadedWhenReplaced() throws IOException {
        Files.writeString(podinfo.resolve("labels"), "app=\"one\"");
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of());
        assertEquals(Map.of("app", "one"), source.current().labels());

        Path tmp = Files.writeString(podinfo.resolve("labels.tmp"), "app=\"two\"");
        Files.move(tmp, podinfo.resolve("labels"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        advance(INTERVAL);

        assertEquals(Map.of("app", "two"), source.current().labels());
    }

    @Test
    void malformedLineIsSkippedAndReportedOnceAcrossReloads() {
        KubeletVolume volume = new KubeletVolume(podinfo);
        volume.write(Map.of("labels", "app=\"a\"\nbroken line\nz=\"z\""));
        DownwardApiMetadataSource source = source(Optional.empty(), Map.of());
        assertEquals(Map.of("app", "a", "z", "z"), source.current().labels());

        volume.write(Map.of("labels", "app=\"b\"\nbroken line\nz=\"z\""));
        advance(INTERVAL);

        assertEquals(Map.of("app", "b", "z", "z"), source.current().labels());
        assertEquals(List.of("malformed labels", "reloaded"), events);
    }
}
