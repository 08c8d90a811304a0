package dev.logshipper.k8s;

import static dev.logshipper.k8s.PodWiring.LOGROTATE;
import static dev.logshipper.k8s.PodWiring.SHIPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logshipper.cloudwatch.IamActions;
import dev.logshipper.config.ShipperConfig;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wiring rules the manifests must keep. Each check fails with a message naming the file, the
 * container and what is wrong. {@link ManifestsTest} runs them on {@code k8s/};
 * {@link ManifestChecksTest} proves each one fails when the manifests break.
 */
final class ManifestChecks {

    /** The downward-API env vars the shipper reads, and the pod field each must come from. */
    static final Map<String, String> DOWNWARD_API_ENV = Map.of(
            "POD_NAME", "metadata.name",
            "POD_NAMESPACE", "metadata.namespace",
            "POD_UID", "metadata.uid",
            "NODE_NAME", "spec.nodeName",
            "POD_IP", "status.podIP",
            "POD_SERVICE_ACCOUNT", "spec.serviceAccountName");

    /** The podinfo volume files the shipper reads, and the pod field each must come from. */
    static final Map<String, String> PODINFO_FILES = Map.of(
            "labels", "metadata.labels",
            "annotations", "metadata.annotations");

    /**
     * Template placeholders in {@code logGroup}/{@code logStream} and the env var that supplies each;
     * {@code null} = filled from the input itself, no env needed. An unknown placeholder fails the check:
     * add it here together with its source.
     */
    static final Map<String, String> TEMPLATE_PLACEHOLDER_ENV = new LinkedHashMap<>();

    static {
        // The cluster's name comes from kubernetes.cluster or env CLUSTER_NAME: downwardApiIsProvided checks one is set.
        TEMPLATE_PLACEHOLDER_ENV.put("cluster", null);
        TEMPLATE_PLACEHOLDER_ENV.put("namespace", "POD_NAMESPACE");
        TEMPLATE_PLACEHOLDER_ENV.put("pod_name", "POD_NAME");
        TEMPLATE_PLACEHOLDER_ENV.put("pod_uid", "POD_UID");
        TEMPLATE_PLACEHOLDER_ENV.put("node_name", "NODE_NAME");
        TEMPLATE_PLACEHOLDER_ENV.put("pod_ip", "POD_IP");
        TEMPLATE_PLACEHOLDER_ENV.put("service_account", "POD_SERVICE_ACCOUNT");
        TEMPLATE_PLACEHOLDER_ENV.put("container_name", null);
        TEMPLATE_PLACEHOLDER_ENV.put("input", null);
        TEMPLATE_PLACEHOLDER_ENV.put("file_name", null);
    }

    /** Files in k8s/ that kustomization.yaml must not list (see its header comment). */
    static final Set<String> NOT_IN_KUSTOMIZATION = Set.of(ManifestsTest.CLASSIC, "eksctl-cluster.yaml");

    static final String LOG_GROUP_PREFIX = "/aws/containerinsights/";
    static final String IAM_RESOURCE_PREFIX = "arn:aws:logs:*:*:log-group:" + LOG_GROUP_PREFIX;
    static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

    private ManifestChecks() {
    }

    // ---------------------------------------------------------------- whole directory

    /** Every Kubernetes object lives in the demo namespace, which enforces the restricted profile. */
    static void namespaceEnforcesRestrictedProfile(Manifests m) {
        Namespace ns = m.namespace();
        String name = ns.getMetadata().getName();
        assertEquals("restricted", labels(ns).get("pod-security.kubernetes.io/enforce"),
                "Namespace " + name + " must enforce the restricted Pod Security profile");
        for (HasMetadata o : m.all()) {
            if (!(o instanceof Namespace)) {
                assertEquals(name, o.getMetadata().getNamespace(),
                        o.getKind() + " " + o.getMetadata().getName() + " is not in namespace " + name);
            }
        }
    }

    /** kustomization.yaml lists exactly the manifests meant to be applied, and nothing missing. */
    static void kustomizationListsEveryManifest(Manifests m) {
        Set<String> listed = new TreeSet<>(Manifests.strings(m.kustomization.path("resources")));
        Set<String> expected = new TreeSet<>(m.yamlFileNames());
        expected.removeAll(NOT_IN_KUSTOMIZATION);
        expected.remove("kustomization.yaml");
        assertEquals(expected, listed, "kustomization.yaml resources must list every manifest except "
                + NOT_IN_KUSTOMIZATION);
        assertEquals(m.namespace().getMetadata().getName(),
                m.kustomization.path("namespace").asText(m.namespace().getMetadata().getName()),
                "kustomization namespace differs from the Namespace manifest");
    }

    /** Every image is pinned: a tag other than latest, or a kustomization {@code images:} entry with one. */
    static void imagesArePinned(Manifests m, PodWiring pod) {
        Map<String, String> kustomized = new LinkedHashMap<>();
        m.kustomization.path("images").forEach(i -> kustomized.put(i.path("name").asText(), i.path("newTag").asText("")));
        for (Container c : pod.containers()) {
            String image = c.getImage();
            assertNotNull(image, pod.file + ": container " + c.getName() + " has no image");
            if (kustomized.containsKey(image)) {
                String tag = kustomized.get(image);
                assertFalse(tag.isEmpty() || tag.equals("latest"),
                        "kustomization pins image " + image + " to no tag or to latest");
                continue;
            }
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            assertTrue(image.contains("@sha256:") || (colon > slash && !image.endsWith(":latest")),
                    pod.file + ": container " + c.getName() + " image " + image + " is not pinned to a tag");
        }
    }

    /** The IAM policy grants exactly the actions the code calls, only on Container Insights log groups. */
    static void iamPolicyGrantsExactlyTheActionsTheCodeCalls(Manifests m) {
        Set<String> actions = new TreeSet<>();
        List<String> resources = new ArrayList<>();
        for (JsonNode statement : m.iamPolicy.path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText(), "iam-policy.json: only Allow statements expected");
            JsonNode action = statement.path("Action");
            if (action.isTextual()) {
                actions.add(action.asText());
            } else {
                action.forEach(a -> actions.add(a.asText()));
            }
            JsonNode resource = statement.path("Resource");
            if (resource.isTextual()) {
                resources.add(resource.asText());
            } else {
                resource.forEach(r -> resources.add(r.asText()));
            }
        }
        assertEquals(new TreeSet<>(IamActions.ALL), actions,
                "iam-policy.json must grant exactly dev.logshipper.cloudwatch.IamActions.ALL");
        assertFalse(resources.isEmpty(), "iam-policy.json grants on no resource");
        for (String r : resources) {
            assertTrue(r.startsWith(IAM_RESOURCE_PREFIX),
                    "iam-policy.json resource " + r + " is wider than " + IAM_RESOURCE_PREFIX + "*");
        }
        assertTrue(resources.stream().anyMatch(r -> r.contains(":log-stream:")),
                "iam-policy.json needs a log-stream resource for PutLogEvents");
    }

    /** The eksctl ClusterConfig: Fargate runs the namespace, IRSA is on, and the role's policy is iam-policy.json. */
    static void eksctlClusterMatchesTheManifests(Manifests m) {
        JsonNode cluster = m.eksctlCluster;
        assertEquals("ClusterConfig", cluster.path("kind").asText(), "eksctl-cluster.yaml: kind");
        String ns = m.namespace().getMetadata().getName();
        boolean fargateRunsNamespace = false;
        for (JsonNode profile : cluster.path("fargateProfiles")) {
            for (JsonNode selector : profile.path("selectors")) {
                fargateRunsNamespace |= ns.equals(selector.path("namespace").asText());
            }
        }
        assertTrue(fargateRunsNamespace, "eksctl-cluster.yaml: no Fargate profile selects namespace " + ns);
        assertTrue(cluster.path("iam").path("withOIDC").asBoolean(false), "eksctl-cluster.yaml: iam.withOIDC must be true for IRSA");

        ServiceAccount sa = m.all(ServiceAccount.class).stream()
                .filter(s -> annotations(s).containsKey(IRSA_ANNOTATION)).findFirst()
                .orElseGet(() -> fail("no ServiceAccount carries " + IRSA_ANNOTATION));
        JsonNode entry = null;
        for (JsonNode e : cluster.path("iam").path("serviceAccounts")) {
            if (sa.getMetadata().getName().equals(e.path("metadata").path("name").asText())
                    && ns.equals(e.path("metadata").path("namespace").asText())) {
                entry = e;
            }
        }
        assertNotNull(entry, "eksctl-cluster.yaml: no iam.serviceAccounts entry for " + ns + "/" + sa.getMetadata().getName());
        String roleArn = annotations(sa).get(IRSA_ANNOTATION);
        assertEquals(roleArn.substring(roleArn.lastIndexOf('/') + 1), entry.path("roleName").asText(),
                "the ServiceAccount's role-arn names a different role than eksctl creates");
        assertEquals(m.iamPolicy, entry.path("attachPolicy"),
                "eksctl-cluster.yaml attachPolicy must equal iam-policy.json");
        assertTrue(entry.path("attachPolicyARNs").isMissingNode() || entry.path("attachPolicyARNs").isEmpty(),
                "eksctl-cluster.yaml: attach no managed policies (e.g. CloudWatchAgentServerPolicy) to the shipper's role");
    }

    // ---------------------------------------------------------------- one pod

    /** The app's log files are on one emptyDir (with a sizeLimit) that app, logrotate and shipper all mount. */
    static void logVolumeIsSharedByAppLogrotateAndShipper(PodWiring pod) {
        logVolumeIsShared(pod, List.of(pod.app, LOGROTATE, SHIPPER));
    }

    /** The app's log files are on one emptyDir (with a sizeLimit) that app and shipper both mount. */
    static void logVolumeIsSharedByAppAndShipper(PodWiring pod) {
        logVolumeIsShared(pod, List.of(pod.app, SHIPPER));
    }

    private static void logVolumeIsShared(PodWiring pod, List<String> containers) {
        Container app = pod.container(pod.app);
        for (String path : pod.appLogFiles()) {
            PodWiring.VolumePath vp = pod.toVolume(app, path)
                    .orElseGet(() -> fail(pod.file + ": the app writes " + path + " outside any volume"));
            Volume v = pod.volume(vp.volume());
            assertNotNull(v.getEmptyDir(), pod.file + ": log volume " + v.getName() + " must be an emptyDir");
            assertNotNull(v.getEmptyDir().getSizeLimit(), pod.file + ": emptyDir " + v.getName() + " needs a sizeLimit");
            for (String name : containers) {
                assertTrue(pod.mount(pod.container(name), v.getName()).isPresent(),
                        pod.file + ": container " + name + " does not mount the log volume " + v.getName());
            }
        }
    }

    /** Each file the app writes is tailed by the shipper's config and rotated by logrotate's config. */
    static void shipperAndLogrotateSeeWhatTheAppWrites(PodWiring pod) {
        shipperSeesWhatTheAppWrites(pod);
        logrotateRotatesWhatTheAppWrites(pod);
    }

    /** Each file the app writes is tailed by the shipper's config. */
    static void shipperSeesWhatTheAppWrites(PodWiring pod) {
        Container app = pod.container(pod.app);
        for (String path : pod.appLogFiles()) {
            PodWiring.VolumePath vp = pod.toVolume(app, path)
                    .orElseGet(() -> fail(pod.file + ": the app writes " + path + " outside any volume"));
            String shipperPath = pod.toContainerPath(pod.container(SHIPPER), vp)
                    .orElseGet(() -> fail(pod.file + ": the shipper does not see " + path));
            assertTrue(pod.shipperTails(shipperPath), pod.file + ": no shipper input includes " + shipperPath
                    + " (the app writes " + path + "); inputs: " + pod.shipperConfig().path("inputs"));
        }
    }

    /** Each file the app writes is rotated by logrotate's config, and logrotate can write it and its state. */
    static void logrotateRotatesWhatTheAppWrites(PodWiring pod) {
        Container app = pod.container(pod.app);
        Container logrotate = pod.container(LOGROTATE);
        for (String path : pod.appLogFiles()) {
            PodWiring.VolumePath vp = pod.toVolume(app, path).orElseThrow();
            String rotatedPath = pod.toContainerPath(logrotate, vp)
                    .orElseGet(() -> fail(pod.file + ": logrotate does not see " + path));
            assertTrue(logrotatePatterns(pod).stream().anyMatch(g -> PodWiring.globMatches(g, rotatedPath)),
                    pod.file + ": logrotate's config does not rotate " + rotatedPath + "; patterns: " + logrotatePatterns(pod));
            assertTrue(pod.isWritable(logrotate, rotatedPath), pod.file + ": logrotate cannot write " + rotatedPath);
        }
        String state = pod.env(logrotate, "LOGROTATE_STATE");
        assertNotNull(state, pod.file + ": logrotate needs LOGROTATE_STATE (its root filesystem is read-only)");
        assertTrue(pod.isWritable(logrotate, state), pod.file + ": logrotate's state file " + state + " is not on a writable volume");
    }

    /** The file patterns of the logrotate config in the ConfigMap mounted into the logrotate container. */
    static List<String> logrotatePatterns(PodWiring pod) {
        Container logrotate = pod.container(LOGROTATE);
        List<String> patterns = new ArrayList<>();
        for (VolumeMount vm : logrotate.getVolumeMounts()) {
            Volume v = pod.volume(vm.getName());
            if (v.getConfigMap() == null) {
                continue;
            }
            ConfigMap cm = pod.manifests.configMap(v.getConfigMap().getName());
            for (var e : cm.getData().entrySet()) {
                if (!e.getKey().endsWith(".conf")) {
                    continue;
                }
                Matcher matcher = Pattern.compile("(?m)^\\s*([^#{}\\s][^{}]*?)\\s*\\{").matcher(e.getValue());
                while (matcher.find()) {
                    for (String p : matcher.group(1).trim().split("\\s+")) {
                        patterns.add(p.replace("\"", ""));
                    }
                }
            }
        }
        assertFalse(patterns.isEmpty(), pod.file + ": no logrotate config (*.conf) mounted into " + LOGROTATE);
        return patterns;
    }

    /** The shipper's checkpoints and java.io.tmpdir are on writable volumes (its root FS is read-only). */
    static void shipperWritesOnlyToVolumes(PodWiring pod) {
        Container shipper = pod.container(SHIPPER);
        String checkpoints = pod.checkpointDirectory();
        assertTrue(pod.isWritable(shipper, checkpoints),
                pod.file + ": checkpoint.directory " + checkpoints + " is not on a writable emptyDir mount of the shipper");
        assertTrue(pod.isWritable(shipper, "/tmp/x"), pod.file + ": the shipper needs a writable /tmp volume (java.io.tmpdir)");
        assertFalse(pod.shipperTails(checkpoints + "/checkpoints.json"), pod.file + ": the shipper would tail its own checkpoints");
    }

    /** The shipper's {@code --config} file comes from a ConfigMap key, and the config is valid YAML with inputs. */
    static void shipperConfigIsMounted(PodWiring pod) {
        PodWiring.MountedConfig source = pod.shipperConfigSource();
        JsonNode config = pod.shipperConfig();
        assertTrue(config.path("inputs").isArray() && !config.path("inputs").isEmpty(),
                pod.file + ": the shipper config in ConfigMap " + source.configMap().getMetadata().getName() + " has no inputs");
        for (JsonNode input : config.path("inputs")) {
            String rule = input.path("multiline").path("rule").asText("none");
            assertNotEquals("none", rule, pod.file + ": input " + input.path("name") + " joins no multiline records");
        }
        String group = config.path("cloudwatch").path("logGroup").asText(ShipperConfig.CloudWatchConfig.DEFAULT_LOG_GROUP);
        assertTrue(group.startsWith(LOG_GROUP_PREFIX),
                pod.file + ": log group " + group + " is outside " + LOG_GROUP_PREFIX + " which the IAM policy covers");
    }

    /** The downward-API env vars, every ${VAR} and template placeholder, and the podinfo files are provided. */
    static void downwardApiIsProvided(PodWiring pod) {
        Container shipper = pod.container(SHIPPER);
        DOWNWARD_API_ENV.forEach((name, field) -> {
            EnvVar env = pod.envVar(shipper, name)
                    .orElseGet(() -> fail(pod.file + ": the shipper has no env " + name + " (" + field + ")"));
            assertTrue(env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null
                            && field.equals(env.getValueFrom().getFieldRef().getFieldPath()),
                    pod.file + ": env " + name + " must be the downward API field " + field);
        });
        String cluster = pod.shipperConfig().path("kubernetes").path("cluster").asText(pod.env(shipper, "CLUSTER_NAME"));
        assertTrue(cluster != null && !cluster.isBlank(),
                pod.file + ": the shipper needs the cluster's name: kubernetes.cluster in its config, or env CLUSTER_NAME");

        String text = pod.shipperConfigSource().text();
        Matcher vars = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}").matcher(text);
        while (vars.find()) {
            String var = vars.group(1);
            assertTrue(pod.envVar(shipper, var).isPresent(), pod.file + ": the shipper config uses ${" + var + "} but the container has no such env");
        }
        JsonNode cw = pod.shipperConfig().path("cloudwatch");
        for (String template : List.of(
                cw.path("logGroup").asText(ShipperConfig.CloudWatchConfig.DEFAULT_LOG_GROUP),
                cw.path("logStream").asText(ShipperConfig.CloudWatchConfig.DEFAULT_LOG_STREAM))) {
            Matcher placeholders = Pattern.compile("(?<!\\$)\\{([a-z_]+)}").matcher(template);
            while (placeholders.find()) {
                String p = placeholders.group(1);
                assertTrue(TEMPLATE_PLACEHOLDER_ENV.containsKey(p), "unknown template placeholder {" + p + "} in " + template
                        + ": add it with its source to ManifestChecks.TEMPLATE_PLACEHOLDER_ENV");
                String env = TEMPLATE_PLACEHOLDER_ENV.get(p);
                assertTrue(env == null || pod.envVar(shipper, env).isPresent(),
                        pod.file + ": template " + template + " needs env " + env);
            }
        }

        String podInfo = pod.podInfoDirectory();
        PodWiring.VolumePath dir = pod.toVolume(shipper, podInfo)
                .orElseGet(() -> fail(pod.file + ": nothing is mounted at kubernetes.podInfoDirectory " + podInfo));
        Volume v = pod.volume(dir.volume());
        assertNotNull(v.getDownwardAPI(), pod.file + ": " + podInfo + " must be a downwardAPI volume");
        assertTrue(Boolean.TRUE.equals(pod.mount(shipper, v.getName()).orElseThrow().getReadOnly()),
                pod.file + ": mount the podinfo volume read-only");
        PODINFO_FILES.forEach((file, field) -> {
            String relative = PodWiring.join(dir.relative(), file);
            DownwardAPIVolumeFile item = v.getDownwardAPI().getItems().stream()
                    .filter(i -> i.getPath().equals(relative)).findFirst()
                    .orElseGet(() -> fail(pod.file + ": podinfo volume has no file " + relative));
            assertTrue(item.getFieldRef() != null && field.equals(item.getFieldRef().getFieldPath()),
                    pod.file + ": podinfo file " + file + " must be " + field);
        });
    }

    /** runAsNonRoot, read-only root FS, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault. */
    static void everyContainerIsRestricted(PodWiring pod) {
        PodSecurityContext podContext = pod.spec.getSecurityContext();
        assertFalse(Boolean.TRUE.equals(pod.spec.getHostNetwork()) || Boolean.TRUE.equals(pod.spec.getHostPID())
                || Boolean.TRUE.equals(pod.spec.getHostIPC()), pod.file + ": no host namespaces");
        for (Volume v : pod.spec.getVolumes()) {
            assertTrue(v.getHostPath() == null, pod.file + ": hostPath volume " + v.getName() + " is not allowed");
        }
        for (Container c : pod.containers()) {
            String where = pod.file + ": container " + c.getName() + ": ";
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, where + "no securityContext");
            boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                    || (sc.getRunAsNonRoot() == null && podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot()));
            assertTrue(nonRoot, where + "runAsNonRoot must be true");
            Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext == null ? null : podContext.getRunAsUser();
            assertTrue(uid == null || uid != 0, where + "runs as uid 0");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + "readOnlyRootFilesystem must be true");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + "allowPrivilegeEscalation must be false");
            assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), where + "privileged");
            Capabilities caps = sc.getCapabilities();
            assertTrue(caps != null && caps.getDrop().contains("ALL"), where + "capabilities must drop ALL");
            assertTrue(caps.getAdd() == null || caps.getAdd().isEmpty(), where + "adds capabilities " + caps.getAdd());
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : podContext != null && podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
            assertEquals("RuntimeDefault", seccomp, where + "seccompProfile must be RuntimeDefault");
        }
    }

    /** Every container requests CPU and memory and has a memory limit no lower than its request. */
    static void everyContainerHasResources(PodWiring pod) {
        for (Container c : pod.containers()) {
            String where = pod.file + ": container " + c.getName() + ": ";
            assertNotNull(c.getResources(), where + "no resources");
            Map<String, Quantity> requests = Objects.requireNonNullElse(c.getResources().getRequests(), Map.of());
            Map<String, Quantity> limits = Objects.requireNonNullElse(c.getResources().getLimits(), Map.of());
            assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), where + "requests cpu and memory");
            assertTrue(limits.containsKey("memory"), where + "needs a memory limit");
            assertTrue(Quantity.getAmountInBytes(requests.get("memory")).compareTo(Quantity.getAmountInBytes(limits.get("memory"))) <= 0,
                    where + "memory request above its limit");
        }
    }

    /** Native sidecar: the shipper is the first init container, with restartPolicy Always; the app is a regular one. */
    static void shipperIsNativeSidecar(PodWiring pod) {
        isNativeSidecar(pod, SHIPPER);
        assertEquals(SHIPPER, pod.spec.getInitContainers().getFirst().getName(),
                pod.file + ": start the shipper first, before anything writes logs");
        assertTrue(pod.spec.getContainers().stream().anyMatch(c -> c.getName().equals(pod.app)),
                pod.file + ": " + pod.app + " must be a regular container");
    }

    /** An init container with restartPolicy Always. */
    static void isNativeSidecar(PodWiring pod, String name) {
        Container c = pod.spec.getInitContainers().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseGet(() -> fail(pod.file + ": " + name + " must be in initContainers (native sidecar)"));
        assertEquals("Always", c.getRestartPolicy(), pod.file + ": native sidecar " + name + " needs restartPolicy: Always");
    }

    /** Classic sidecar: the shipper is a regular container that lets the app exit first (preStop sleep). */
    static void shipperIsClassicSidecar(PodWiring pod) {
        assertTrue(pod.spec.getInitContainers() == null || pod.spec.getInitContainers().isEmpty(),
                pod.file + ": the classic variant must not need native sidecars");
        Container shipper = pod.spec.getContainers().stream().filter(c -> c.getName().equals(SHIPPER)).findFirst()
                .orElseGet(() -> fail(pod.file + ": the shipper must be a regular container"));
        assertTrue(preStopSleep(shipper).compareTo(Duration.ZERO) > 0,
                pod.file + ": the classic shipper needs a preStop sleep so the app exits first");
    }

    /**
     * Liveness (and startup) probes on /healthz at the port the shipper's server listens on, and no readinessProbe: a
     * pod is Ready only when every container is, native sidecars included, so a readinessProbe on /readyz would take the
     * app out of its Service during a CloudWatch outage (docs/metrics.md, "Health").
     */
    static void shipperHasHealthProbes(PodWiring pod) {
        Container shipper = pod.container(SHIPPER);
        int port = pod.serverPort();
        assertTrue(shipper.getPorts().stream().anyMatch(p -> p.getContainerPort() == port),
                pod.file + ": the shipper does not declare containerPort " + port);
        assertProbe(pod, shipper, shipper.getLivenessProbe(), "/healthz", port, "livenessProbe");
        assertNull(shipper.getReadinessProbe(), pod.file + ": the shipper must not have a readinessProbe: its readiness"
                + " counts toward the pod's, so a CloudWatch outage would take the app out of its Service");
        if (shipper.getStartupProbe() != null) {
            assertProbe(pod, shipper, shipper.getStartupProbe(), "/healthz", port, "startupProbe");
        }
    }

    private static void assertProbe(PodWiring pod, Container c, Probe probe, String path, int port, String kind) {
        assertNotNull(probe, pod.file + ": the shipper needs a " + kind);
        assertNotNull(probe.getHttpGet(), pod.file + ": " + kind + " must be an httpGet");
        assertEquals(path, probe.getHttpGet().getPath(), pod.file + ": " + kind + " path");
        IntOrString p = probe.getHttpGet().getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal()
                : c.getPorts().stream().filter(cp -> p.getStrVal().equals(cp.getName())).findFirst()
                        .map(ContainerPort::getContainerPort)
                        .orElseGet(() -> fail(pod.file + ": " + kind + " names unknown port " + p.getStrVal()));
        assertEquals(port, resolved, pod.file + ": " + kind + " port is not server.port");
    }

    /** The shipper's shutdown deadline (plus any preStop sleep) ends before the pod's grace period. */
    static void shutdownFitsTheGracePeriod(PodWiring pod) {
        Container shipper = pod.container(SHIPPER);
        long grace = Objects.requireNonNullElse(pod.spec.getTerminationGracePeriodSeconds(), 30L);
        assertEquals(30L, grace, pod.file + ": terminationGracePeriodSeconds");
        String fromEnv = pod.env(shipper, "SHIPPER_SHUTDOWN_DEADLINE");
        JsonNode fromConfig = pod.shipperConfig().path("shutdown").path("deadline");
        Duration deadline = fromEnv != null ? parseDuration(fromEnv)
                : fromConfig.isMissingNode() ? ShipperConfig.ShutdownConfig.DEFAULT_DEADLINE : parseDuration(fromConfig.asText());
        Duration used = deadline.plus(preStopSleep(shipper));
        assertTrue(used.compareTo(Duration.ofSeconds(grace)) < 0, pod.file + ": preStop + shutdown deadline = " + used
                + " does not end before terminationGracePeriodSeconds " + grace + " s");
    }

    /** The pod runs as the IRSA-annotated ServiceAccount and needs no API token of its own. */
    static void podUsesTheIrsaServiceAccount(PodWiring pod) {
        String name = pod.spec.getServiceAccountName();
        assertNotNull(name, pod.file + ": set serviceAccountName");
        ServiceAccount sa = pod.manifests.serviceAccount(name);
        String arn = annotations(sa).get(IRSA_ANNOTATION);
        assertTrue(arn != null && arn.matches("arn:aws:iam::\\d{12}:role/.+"),
                "ServiceAccount " + name + " needs " + IRSA_ANNOTATION + " with a role ARN");
        assertEquals(Boolean.FALSE, pod.spec.getAutomountServiceAccountToken(),
                pod.file + ": the pod talks to no Kubernetes API: automountServiceAccountToken: false");
    }

    // ---------------------------------------------------------------- helpers

    static Duration preStopSleep(Container c) {
        if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
            return Duration.ZERO;
        }
        var handler = c.getLifecycle().getPreStop();
        if (handler.getSleep() != null) {
            return Duration.ofSeconds(handler.getSleep().getSeconds());
        }
        if (handler.getExec() != null) {
            List<String> cmd = handler.getExec().getCommand();
            for (int i = 0; i + 1 < cmd.size(); i++) {
                if (cmd.get(i).endsWith("sleep")) {
                    return Duration.ofSeconds(Long.parseLong(cmd.get(i + 1)));
                }
            }
        }
        return Duration.ZERO;
    }

    /** {@code 20s}, {@code 500ms}, {@code 1m}, or ISO-8601 {@code PT20S}. */
    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(t);
        assertTrue(m.matches(), "cannot read duration " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static Map<String, String> labels(HasMetadata o) {
        return Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of());
    }

    static Map<String, String> annotations(HasMetadata o) {
        return Objects.requireNonNullElse(o.getMetadata().getAnnotations(), Map.of());
    }
}
