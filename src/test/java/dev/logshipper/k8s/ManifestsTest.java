package dev.logshipper.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses every manifest directly in {@code k8s/} and checks that the pieces fit: the shared log volume, the paths
 * the shipper tails versus the path the app writes, the downward API, the security context, resources,
 * probes, shutdown timing, the IAM policy versus {@link dev.logshipper.cloudwatch.IamActions}, the
 * kustomization and the eksctl cluster.
 */
class ManifestsTest {

    /** The native-sidecar Deployment and the variant for clusters without native sidecars. */
    static final String NATIVE = "deployment.yaml";
    static final String CLASSIC = "deployment-classic-sidecar.yaml";

    static Stream<String> deploymentFiles() {
        return Stream.of(NATIVE, CLASSIC);
    }

    static PodWiring pod(String file) {
        Manifests m = Manifests.load();
        List<Deployment> deployments = m.deploymentsIn(file);
        assertEquals(1, deployments.size(), file + " holds one Deployment");
        return new PodWiring(m, file, deployments.getFirst().getSpec().getTemplate().getSpec());
    }

    @Test
    void everyFileInTheDirectoryParses() {
        Manifests m = Manifests.load();
        // Every YAML document is a known Kubernetes kind without unknown fields, the kustomization, or the
        // eksctl ClusterConfig; load() fails otherwise. Make sure nothing was skipped.
        Set<String> withObjects = m.objectsByFile.keySet();
        for (String file : m.yamlFileNames()) {
            assertTrue(withObjects.contains(file) || file.equals("kustomization.yaml") || file.equals("eksctl-cluster.yaml"),
                    file + " holds no Kubernetes object");
        }
        assertFalse(m.all().isEmpty());
    }

    @Test
    void namespaceEnforcesRestrictedProfile() {
        ManifestChecks.namespaceEnforcesRestrictedProfile(Manifests.load());
    }

    @Test
    void kustomizationListsEveryManifest() {
        ManifestChecks.kustomizationListsEveryManifest(Manifests.load());
    }

    @Test
    void iamPolicyGrantsExactlyTheActionsTheCodeCalls() {
        ManifestChecks.iamPolicyGrantsExactlyTheActionsTheCodeCalls(Manifests.load());
    }

    @Test
    void eksctlClusterRunsTheNamespaceOnFargateWithIrsa() {
        ManifestChecks.eksctlClusterMatchesTheManifests(Manifests.load());
    }

    @Test
    void nativeVariantRunsTheShipperAndLogrotateAsNativeSidecars() {
        ManifestChecks.shipperIsNativeSidecar(pod(NATIVE));
        ManifestChecks.isNativeSidecar(pod(NATIVE), PodWiring.LOGROTATE);
    }

    @Test
    void classicVariantLetsTheAppExitFirst() {
        ManifestChecks.shipperIsClassicSidecar(pod(CLASSIC));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void logVolumeIsSharedByAppLogrotateAndShipper(String file) {
        ManifestChecks.logVolumeIsSharedByAppLogrotateAndShipper(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void shipperAndLogrotateSeeWhatTheAppWrites(String file) {
        ManifestChecks.shipperAndLogrotateSeeWhatTheAppWrites(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void shipperWritesOnlyToVolumes(String file) {
        ManifestChecks.shipperWritesOnlyToVolumes(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void shipperConfigIsMounted(String file) {
        ManifestChecks.shipperConfigIsMounted(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void downwardApiIsProvided(String file) {
        ManifestChecks.downwardApiIsProvided(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void everyContainerIsRestricted(String file) {
        ManifestChecks.everyContainerIsRestricted(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void everyContainerHasResources(String file) {
        ManifestChecks.everyContainerHasResources(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void shipperHasHealthProbes(String file) {
        ManifestChecks.shipperHasHealthProbes(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void shutdownFitsTheGracePeriod(String file) {
        ManifestChecks.shutdownFitsTheGracePeriod(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void podUsesTheIrsaServiceAccount(String file) {
        ManifestChecks.podUsesTheIrsaServiceAccount(pod(file));
    }

    @ParameterizedTest
    @MethodSource("deploymentFiles")
    void imagesArePinned(String file) {
        PodWiring pod = pod(file);
        ManifestChecks.imagesArePinned(pod.manifests, pod);
    }
}
