package dev.logshipper.k8s;

import static dev.logshipper.k8s.ManifestsTest.CLASSIC;
import static dev.logshipper.k8s.ManifestsTest.NATIVE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each wiring check must fail when the manifests break: every test here breaks one thing in a freshly
 * parsed copy of {@code k8s/} (or in a copy of the directory on disk) and expects the matching check to
 * fail, after confirming that it passes on the unbroken copy.
 */
class ManifestChecksTest {

    /** The unbroken manifests, parsed once; the checks only read what they are given. */
    private static final Manifests PRISTINE = Manifests.load();

    private static PodWiring pod(Manifests m, String file) {
        return new PodWiring(m, file, m.deploymentsIn(file).getFirst().getSpec().getTemplate().getSpec());
    }

    /** Asserts the check passes on the real manifests and fails once {@code breakIt} has run. */
    private static void breaking(String file, Consumer<PodWiring> breakIt, Consumer<PodWiring> check) {
        assertDoesNotThrow(() -> check.accept(pod(PRISTINE, file)), "check fails on the unbroken manifests");
        PodWiring broken = pod(Manifests.load(), file);
        breakIt.accept(broken);
        assertThrows(AssertionError.class, () -> check.accept(broken), "check passed on broken manifests");
    }

    private static void breakingAll(Consumer<Manifests> breakIt, Consumer<Manifests> check) {
        assertDoesNotThrow(() -> check.accept(PRISTINE), "check fails on the unbroken manifests");
        Manifests broken = Manifests.load();
        breakIt.accept(broken);
        assertThrows(AssertionError.class, () -> check.accept(broken), "check passed on broken manifests");
    }

    /** Replaces text in the shipper's config and makes sure the replacement happened. */
    private static void editShipperConfig(PodWiring pod, String from, String to) {
        ConfigMap cm = pod.shipperConfigSource().configMap();
        String key = pod.shipperConfigSource().key();
        String text = cm.getData().get(key);
        assertTrue(text.contains(from), "config has no " + from);
        cm.getData().put(key, text.replace(from, to));
    }

    private static void removeEnv(Container c, String name) {
        assertTrue(c.getEnv().removeIf(e -> e.getName().equals(name)), "no env " + name);
    }

    @Test
    void logVolumeMustBeMountedByLogrotate() {
        breaking(NATIVE, p -> {
            Container logrotate = p.container(PodWiring.LOGROTATE);
            logrotate.getVolumeMounts().removeIf(m -> m.getName().equals("app-logs"));
        }, ManifestChecks::logVolumeIsSharedByAppLogrotateAndShipper);
    }

    @Test
    void logVolumeNeedsSizeLimit() {
        breaking(CLASSIC, p -> p.volume("app-logs").getEmptyDir().setSizeLimit(null),
                ManifestChecks::logVolumeIsSharedByAppLogrotateAndShipper);
    }

    @Test
    void shipperMustTailThePathTheAppWrites() {
        breaking(NATIVE, p -> editShipperConfig(p, "- /var/log/containers/*.log", "- /var/log/app/*.log"),
                ManifestChecks::shipperAndLogrotateSeeWhatTheAppWrites);
    }

    @Test
    void appWritingElsewhereIsCaught() {
        breaking(NATIVE, p -> {
            Container app = p.container(PodWiring.APP);
            app.setArgs(app.getArgs().stream().map(a -> a.replace("/var/log/containers/application.log",
                    "/var/log/containers/application.txt")).toList());
        }, ManifestChecks::shipperAndLogrotateSeeWhatTheAppWrites);
    }

    @Test
    void shipperMountingTheLogVolumeElsewhereIsCaught() {
        breaking(CLASSIC, p -> p.mount(p.container(PodWiring.SHIPPER), "app-logs").orElseThrow().setMountPath("/logs"),
                ManifestChecks::shipperAndLogrotateSeeWhatTheAppWrites);
    }

    @Test
    void logrotateStateMustBeWritable() {
        breaking(NATIVE, p -> removeEnv(p.container(PodWiring.LOGROTATE), "LOGROTATE_STATE"),
                ManifestChecks::shipperAndLogrotateSeeWhatTheAppWrites);
    }

    @Test
    void checkpointDirectoryMustBeOnAWritableVolume() {
        breaking(NATIVE, p -> editShipperConfig(p, "directory: /var/log/containers/.log-shipper", "directory: /var/lib/log-shipper"),
                ManifestChecks::shipperWritesOnlyToVolumes);
    }

    @Test
    void readOnlyLogMountBreaksCheckpoints() {
        breaking(CLASSIC, p -> p.mount(p.container(PodWiring.SHIPPER), "app-logs").orElseThrow().setReadOnly(true),
                ManifestChecks::shipperWritesOnlyToVolumes);
    }

    @Test
    void shipperNeedsWritableTmp() {
        breaking(NATIVE, p -> p.container(PodWiring.SHIPPER).getVolumeMounts().removeIf(m -> m.getMountPath().equals("/tmp")),
                ManifestChecks::shipperWritesOnlyToVolumes);
    }

    @Test
    void configPathMustBeMounted() {
        breaking(NATIVE, p -> p.container(PodWiring.SHIPPER).setArgs(List.of("--config", "/etc/log-shipper/shipper.yaml")),
                ManifestChecks::shipperConfigIsMounted);
    }

    @Test
    void logGroupOutsideThePolicyIsCaught() {
        breaking(NATIVE, p -> editShipperConfig(p, "logGroup: /aws/containerinsights/", "logGroup: /apps/"),
                ManifestChecks::shipperConfigIsMounted);
    }

    @Test
    void downwardApiEnvMustBeProvided() {
        breaking(NATIVE, p -> removeEnv(p.container(PodWiring.SHIPPER), "POD_UID"), ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void downwardApiEnvMustComeFromTheRightField() {
        breaking(CLASSIC, p -> p.envVar(p.container(PodWiring.SHIPPER), "POD_IP").orElseThrow()
                .getValueFrom().getFieldRef().setFieldPath("status.hostIP"), ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void configVariablesMustBeProvided() {
        breaking(NATIVE, p -> editShipperConfig(p, "managed-by: log-shipper", "managed-by: ${TEAM_NAME}"),
                ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void unknownTemplatePlaceholderIsCaught() {
        breaking(NATIVE, p -> editShipperConfig(p, "\"{pod_name}/{container_name}\"", "\"{pod_name}/{zone}\""),
                ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void podinfoFilesMustBeProvided() {
        breaking(NATIVE, p -> p.volume("podinfo").getDownwardAPI().getItems().removeIf(i -> i.getPath().equals("annotations")),
                ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void podinfoMustBeWhereTheConfigLooks() {
        breaking(CLASSIC, p -> editShipperConfig(p, "podInfoDirectory: /etc/podinfo", "podInfoDirectory: /etc/pod-info"),
                ManifestChecks::downwardApiIsProvided);
    }

    @Test
    void everyContainerNeedsReadOnlyRootFilesystem() {
        breaking(NATIVE, p -> p.container(PodWiring.LOGROTATE).getSecurityContext().setReadOnlyRootFilesystem(false),
                ManifestChecks::everyContainerIsRestricted);
    }

    @Test
    void everyContainerMustDropAllCapabilities() {
        breaking(CLASSIC, p -> p.container(PodWiring.APP).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")),
                ManifestChecks::everyContainerIsRestricted);
    }

    @Test
    void privilegeEscalationIsCaught() {
        breaking(NATIVE, p -> p.container(PodWiring.SHIPPER).getSecurityContext().setAllowPrivilegeEscalation(null),
                ManifestChecks::everyContainerIsRestricted);
    }

    @Test
    void seccompMustBeRuntimeDefault() {
        breaking(NATIVE, p -> {
            p.spec.getSecurityContext().setSeccompProfile(null);
            p.container(PodWiring.APP).getSecurityContext().setSeccompProfile(null);
        }, ManifestChecks::everyContainerIsRestricted);
    }

    @Test
    void runningAsRootIsCaught() {
        breaking(NATIVE, p -> p.container(PodWiring.APP).getSecurityContext().setRunAsUser(0L),
                ManifestChecks::everyContainerIsRestricted);
    }

    @Test
    void everyContainerNeedsAMemoryLimit() {
        breaking(NATIVE, p -> p.container(PodWiring.APP).getResources().getLimits().remove("memory"),
                ManifestChecks::everyContainerHasResources);
    }

    @Test
    void memoryRequestAboveLimitIsCaught() {
        breaking(CLASSIC, p -> p.container(PodWiring.SHIPPER).getResources().getRequests().put("memory", new Quantity("1Gi")),
                ManifestChecks::everyContainerHasResources);
    }

    @Test
    void nativeSidecarNeedsRestartPolicyAlways() {
        breaking(NATIVE, p -> p.container(PodWiring.SHIPPER).setRestartPolicy(null), ManifestChecks::shipperIsNativeSidecar);
    }

    @Test
    void classicSidecarNeedsPreStopSleep() {
        breaking(CLASSIC, p -> p.container(PodWiring.SHIPPER).setLifecycle(null), ManifestChecks::shipperIsClassicSidecar);
    }

    @Test
    void probesMustHitHealthEndpoints() {
        breaking(NATIVE, p -> p.container(PodWiring.SHIPPER).getLivenessProbe().getHttpGet().setPath("/health"),
                ManifestChecks::shipperHasHealthProbes);
    }

    @Test
    void aReadinessProbeOnTheShipperIsCaught() {
        for (String variant : List.of(NATIVE, CLASSIC)) {
            breaking(variant, p -> p.container(PodWiring.SHIPPER).setReadinessProbe(new ProbeBuilder()
                    .withNewHttpGet().withPath("/readyz").withNewPort("http-metrics").endHttpGet().build()),
                    ManifestChecks::shipperHasHealthProbes);
        }
    }

    @Test
    void probesMustHitTheServerPort() {
        breaking(NATIVE, p -> editShipperConfig(p, "port: 2020", "port: 2021"), ManifestChecks::shipperHasHealthProbes);
    }

    @Test
    void shutdownDeadlineBeyondTheGracePeriodIsCaught() {
        breaking(CLASSIC, p -> p.envVar(p.container(PodWiring.SHIPPER), "SHIPPER_SHUTDOWN_DEADLINE").orElseThrow().setValue("26s"),
                ManifestChecks::shutdownFitsTheGracePeriod);
    }

    @Test
    void podMustUseTheIrsaServiceAccount() {
        breaking(NATIVE, p -> p.spec.setServiceAccountName("default"), ManifestChecks::podUsesTheIrsaServiceAccount);
    }

    @Test
    void unpinnedImageIsCaught() {
        breaking(NATIVE, p -> p.container(PodWiring.APP).setImage("busybox"), p -> ManifestChecks.imagesArePinned(p.manifests, p));
    }

    @Test
    void iamPolicyWithAnExtraActionIsCaught() {
        breakingAll(m -> ((ArrayNode) m.iamPolicy.get("Statement").get(0).get("Action")).add("logs:DescribeLogStreams"),
                ManifestChecks::iamPolicyGrantsExactlyTheActionsTheCodeCalls);
    }

    @Test
    void iamPolicyMissingAnActionIsCaught() {
        breakingAll(m -> ((ArrayNode) m.iamPolicy.get("Statement").get(0).get("Action")).remove(4),
                ManifestChecks::iamPolicyGrantsExactlyTheActionsTheCodeCalls);
    }

    @Test
    void iamPolicyOnAllResourcesIsCaught() {
        breakingAll(m -> ((ObjectNode) m.iamPolicy.get("Statement").get(0)).put("Resource", "*"),
                ManifestChecks::iamPolicyGrantsExactlyTheActionsTheCodeCalls);
    }

    @Test
    void eksctlFargateProfileForAnotherNamespaceIsCaught() {
        breakingAll(m -> ((ArrayNode) m.eksctlCluster.get("fargateProfiles")).remove(1),
                ManifestChecks::eksctlClusterMatchesTheManifests);
    }

    @Test
    void eksctlPolicyDriftIsCaught() {
        breakingAll(m -> ((ArrayNode) m.eksctlCluster.get("iam").get("serviceAccounts").get(0).get("attachPolicy")
                        .get("Statement").get(0).get("Action")).add("logs:*"),
                ManifestChecks::eksctlClusterMatchesTheManifests);
    }

    @Test
    void namespaceWithoutRestrictedProfileIsCaught() {
        breakingAll(m -> m.namespace().getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce"),
                ManifestChecks::namespaceEnforcesRestrictedProfile);
    }

    @Test
    void kustomizationMissingAResourceIsCaught() {
        breakingAll(m -> ((ArrayNode) m.kustomization.get("resources")).remove(0),
                ManifestChecks::kustomizationListsEveryManifest);
    }

    @Test
    void newManifestNotInKustomizationIsCaught(@TempDir Path dir) throws IOException {
        copyManifests(dir);
        Files.writeString(dir.resolve("extra.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: extra
                  namespace: logdemo
                data: {}
                """);
        assertThrows(AssertionError.class, () -> ManifestChecks.kustomizationListsEveryManifest(Manifests.load(dir)));
    }

    @Test
    void misspelledFieldFailsParsing(@TempDir Path dir) throws IOException {
        copyManifests(dir);
        Path deployment = dir.resolve(NATIVE);
        String text = Files.readString(deployment);
        String field = "\n          restartPolicy: Always\n";
        assertTrue(text.contains(field));
        Files.writeString(deployment, text.replaceFirst(field, field.replace("restartPolicy", "restartPolicyy")));
        assertDoesNotThrow(() -> Manifests.load(Manifests.directory()));
        assertThrows(AssertionError.class, () -> Manifests.load(dir));
    }

    @Test
    void unknownKindFailsParsing(@TempDir Path dir) throws IOException {
        copyManifests(dir);
        Files.writeString(dir.resolve("namespace.yaml"), Files.readString(dir.resolve("namespace.yaml"))
                .replace("kind: Namespace", "kind: Namespaces"));
        Executable load = () -> Manifests.load(dir);
        assertThrows(AssertionError.class, load);
    }

    private static void copyManifests(Path target) throws IOException {
        Path source = Manifests.directory();
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void containerPathMappingFollowsSubPaths() {
        Manifests m = Manifests.load();
        PodWiring p = pod(m, NATIVE);
        Container shipper = p.container(PodWiring.SHIPPER);
        p.mount(shipper, "app-logs").orElseThrow().setSubPath("containers");
        var vp = p.toVolume(shipper, "/var/log/containers/application.log").orElseThrow();
        assertTrue(vp.relative().equals("containers/application.log"), vp.toString());
        Container app = p.container(PodWiring.APP);
        // The app mounts the volume root, so it sees the same file one level down.
        assertTrue(p.toContainerPath(app, vp).orElseThrow().equals("/var/log/containers/containers/application.log"));
    }
}
