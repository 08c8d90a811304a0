package dev.logshipper.k8s;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.logshipper.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kustomize component {@code k8s/components/log-shipper}, rendered by {@code kubectl kustomize} through the example
 * {@code k8s/examples/existing-app/with-log-shipper} over a user's own Deployment and CronJob, and checked like the demo
 * manifests ({@link ManifestChecks}); plus which workloads it changes, and that {@code k8s/} itself still renders.
 * Skipped, saying so, where kubectl is not installed.
 */
class SidecarComponentTest {

    static final Path COMPONENT = Manifests.directory().resolve("components/log-shipper");
    static final Path EXAMPLE = Manifests.directory().resolve("examples/existing-app/with-log-shipper");
    static final String EXAMPLE_NAME = "k8s/examples/existing-app/with-log-shipper (rendered)";

    /** The example's workloads: the kind and name of each, and its app container. */
    static final Map<String, String> APPS = Map.of("Deployment/web", "web", "CronJob/nightly-report", "report");

    private static Path kubectl;
    /** The rendered example, once per run. */
    private static String example;

    /** Each test is skipped, with the reason, where kubectl is missing. */
    @BeforeEach
    void renderTheExample() {
        Optional<Path> found = Kustomize.kubectl();
        assumeTrue(found.isPresent(), Kustomize.MISSING);
        if (example == null) {
            kubectl = found.get();
            example = Kustomize.render(kubectl, EXAMPLE);
        }
    }

    static Stream<String> workloads() {
        return APPS.keySet().stream().sorted();
    }

    /** A freshly parsed pod of the rendered example (a test may change it). */
    private static PodWiring pod(String workload) {
        Manifests m = Manifests.rendered(EXAMPLE_NAME, example);
        return new PodWiring(m, EXAMPLE_NAME + ": " + workload, PodWiring.podSpecOf(object(m, workload)),
                APPS.get(workload));
    }

    private static HasMetadata object(Manifests m, String kindAndName) {
        return m.all().stream().filter(o -> (o.getKind() + "/" + o.getMetadata().getName()).equals(kindAndName))
                .findFirst().orElseGet(() -> fail("no " + kindAndName + " in " + m.objectsByFile.keySet()));
    }

    /** The demo's checks of one pod that hold for any workload with the sidecar (it has no logrotate). */
    private static final Map<String, Consumer<PodWiring>> POD_CHECKS = new LinkedHashMap<>();

    static {
        POD_CHECKS.put("the shipper is the first native sidecar", ManifestChecks::shipperIsNativeSidecar);
        POD_CHECKS.put("app and shipper share the log volume", ManifestChecks::logVolumeIsSharedByAppAndShipper);
        POD_CHECKS.put("the shipper tails what the app writes", ManifestChecks::shipperSeesWhatTheAppWrites);
        POD_CHECKS.put("the shipper writes only to volumes", ManifestChecks::shipperWritesOnlyToVolumes);
        POD_CHECKS.put("the shipper's config is mounted", ManifestChecks::shipperConfigIsMounted);
        POD_CHECKS.put("the downward API is provided", ManifestChecks::downwardApiIsProvided);
        POD_CHECKS.put("every container is restricted", ManifestChecks::everyContainerIsRestricted);
        POD_CHECKS.put("every container has resources", ManifestChecks::everyContainerHasResources);
        POD_CHECKS.put("the shipper has health probes", ManifestChecks::shipperHasHealthProbes);
        POD_CHECKS.put("shutdown fits the grace period", ManifestChecks::shutdownFitsTheGracePeriod);
        POD_CHECKS.put("the pod uses the IRSA service account", ManifestChecks::podUsesTheIrsaServiceAccount);
        POD_CHECKS.put("images are pinned", pod -> ManifestChecks.imagesArePinned(pod.manifests, pod));
    }

    static Stream<Arguments> workloadsAndChecks() {
        return workloads().flatMap(w -> POD_CHECKS.keySet().stream().map(check -> Arguments.of(w, check)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("workloadsAndChecks")
    void eachWorkloadPassesTheDemosPodChecks(String workload, String check) {
        POD_CHECKS.get(check).accept(pod(workload));
    }

    @Test
    void theExampleConfigLoads() {
        PodWiring pod = pod("Deployment/web");
        assertDoesNotThrow(() -> new ConfigLoader(Map.of()).parse(pod.shipperConfigSource().text(), pod.file));
    }

    /** pod-template.yaml and cronjob-pod-template.yaml hold the same sidecar at different depths. */
    @Test
    void theDeploymentAndTheCronJobGetTheSameSidecar() {
        PodWiring web = pod("Deployment/web");
        PodWiring report = pod("CronJob/nightly-report");
        assertEquals(web.container(PodWiring.SHIPPER), report.container(PodWiring.SHIPPER));
        for (Volume v : web.spec.getVolumes()) {
            assertEquals(v, report.volume(v.getName()), "volume " + v.getName());
        }
        assertEquals(web.spec.getVolumes().size(), report.spec.getVolumes().size());
    }

    /** The checks bite on rendered output too: a pod that lost its podinfo volume, a config without a cluster name. */
    @Test
    void aRenderedPodMissingWhatTheShipperNeedsIsCaught() {
        assertDoesNotThrow(() -> ManifestChecks.downwardApiIsProvided(pod("CronJob/nightly-report")));
        PodWiring noPodinfo = pod("CronJob/nightly-report");
        assertTrue(noPodinfo.spec.getVolumes().removeIf(v -> v.getDownwardAPI() != null));
        assertThrows(AssertionError.class, () -> ManifestChecks.downwardApiIsProvided(noPodinfo));

        PodWiring noCluster = pod("CronJob/nightly-report");
        PodWiring.MountedConfig config = noCluster.shipperConfigSource();
        assertTrue(config.text().contains("  cluster: shop-prod\n"));
        config.configMap().getData().put(config.key(), config.text().replace("  cluster: shop-prod\n", ""));
        AssertionError e = assertThrows(AssertionError.class, () -> ManifestChecks.downwardApiIsProvided(noCluster));
        assertTrue(e.getMessage().contains("the cluster's name"), e::getMessage);
    }

    @Test
    void onlyLabelledWorkloadsOfEveryKindGetTheSidecar(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [workloads.yaml]
                components: [%s]
                """.formatted(dir.toAbsolutePath().relativize(COMPONENT.toAbsolutePath())));
        Files.writeString(dir.resolve("workloads.yaml"), workload("apps/v1", "StatefulSet", "db", true)
                + workload("batch/v1", "Job", "migrate", true) + workload("batch/v1", "CronJob", "cleanup", true)
                + workload("apps/v1", "Deployment", "api", true) + workload("apps/v1", "Deployment", "other", false));

        Manifests m = Manifests.rendered(dir.toString(), Kustomize.render(kubectl, dir));

        for (String labelled : List.of("StatefulSet/db", "Job/migrate", "CronJob/cleanup", "Deployment/api")) {
            PodSpec spec = PodWiring.podSpecOf(object(m, labelled));
            assertEquals(List.of(PodWiring.SHIPPER, "setup"), spec.getInitContainers().stream().map(Container::getName).toList(),
                    labelled + ": the shipper starts first, before the workload's own init containers");
            assertEquals(List.of("app-logs", "log-shipper-tmp", "log-shipper-config", "log-shipper-podinfo"),
                    spec.getVolumes().stream().map(Volume::getName).toList(), labelled);
        }
        PodSpec other = PodWiring.podSpecOf(object(m, "Deployment/other"));
        assertEquals(List.of("setup"), other.getInitContainers().stream().map(Container::getName).toList());
        assertEquals(List.of(), other.getVolumes(), "a workload without the label is left as it is");
    }

    @Test
    void theDemoManifestsStillRender() {
        Manifests m = Manifests.rendered("k8s (rendered)", Kustomize.render(kubectl, Manifests.directory()));
        Deployment demo = m.all(Deployment.class).getFirst();
        ManifestChecks.shipperIsNativeSidecar(new PodWiring(m, "k8s (rendered)", demo.getSpec().getTemplate().getSpec()));
    }

    /** A workload of {@code kind} whose pod has an init container of its own, with the component's label or not. */
    private static String workload(String apiVersion, String kind, String name, boolean labelled) {
        String pod = """
                spec:
                  restartPolicy: %s
                  initContainers: [{name: setup, image: "busybox:1.37"}]
                  containers: [{name: main, image: "busybox:1.37"}]
                """.formatted(kind.endsWith("Job") ? "OnFailure" : "Always");
        String template = "template:\n  metadata: {labels: {app: " + name + "}}\n" + pod.indent(2);
        String spec = switch (kind) {
            case "CronJob" -> "schedule: \"0 1 * * *\"\njobTemplate:\n  spec:\n" + template.indent(4);
            case "Job" -> template;
            default -> "selector: {matchLabels: {app: " + name + "}}\n" + (kind.equals("StatefulSet") ? "serviceName: " + name + "\n" : "")
                    + template;
        };
        return "---\napiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n"
                + (labelled ? "  labels: {log-shipper.dev/sidecar: enabled}\n" : "") + "spec:\n" + spec.indent(2);
    }
}
