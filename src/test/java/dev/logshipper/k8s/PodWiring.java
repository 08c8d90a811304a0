package dev.logshipper.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logshipper.config.ShipperConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One pod template and the questions the wiring checks ask about it: which container is which, where a
 * path in one container lands in another through a shared volume, and what the shipper's configuration
 * (parsed from its ConfigMap) says.
 */
final class PodWiring {

    /** The demo's app container; a pod of another workload names its own ({@link #app}). */
    static final String APP = "app";
    static final String LOGROTATE = "logrotate";
    static final String SHIPPER = "log-shipper";
    /** The image's default {@code --config} argument (pom.xml jib profile, Dockerfile.native). */
    static final String DEFAULT_CONFIG_PATH = "/etc/log-shipper/config.yaml";

    final Manifests manifests;
    final String file;
    final PodSpec spec;
    /** The name of the container that writes the log files. */
    final String app;

    PodWiring(Manifests manifests, String file, PodSpec spec) {
        this(manifests, file, spec, APP);
    }

    PodWiring(Manifests manifests, String file, PodSpec spec, String app) {
        this.manifests = manifests;
        this.file = file;
        this.spec = spec;
        this.app = app;
    }

    /** The pod template of a Deployment, StatefulSet, Job or CronJob, the kinds a pod of ours runs in. */
    static PodSpec podSpecOf(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate().getSpec();
            case StatefulSet s -> s.getSpec().getTemplate().getSpec();
            case Job j -> j.getSpec().getTemplate().getSpec();
            case CronJob c -> c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
            default -> fail(workload.getKind() + " " + workload.getMetadata().getName() + " has no pod template we know");
        };
    }

    /** Init containers (native sidecars among them) and regular containers. */
    List<Container> containers() {
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
    }

    Container container(String name) {
        return containers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseGet(() -> fail(file + ": no container named " + name));
    }

    Volume volume(String name) {
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseGet(() -> fail(file + ": no volume named " + name));
    }

    /** A path inside a volume: the volume's name and the path relative to its root ("" = the root). */
    record VolumePath(String volume, String relative) {
    }

    /** Where an absolute path in a container lives, through the mount with the longest matching prefix. */
    Optional<VolumePath> toVolume(Container c, String path) {
        VolumeMount best = null;
        for (VolumeMount m : c.getVolumeMounts()) {
            String mount = trimSlash(m.getMountPath());
            if ((path.equals(mount) || path.startsWith(mount + "/"))
                    && (best == null || mount.length() > trimSlash(best.getMountPath()).length())) {
                best = m;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String rest = stripLeadingSlashes(path.substring(trimSlash(best.getMountPath()).length()));
        String sub = best.getSubPath() == null ? "" : stripLeadingSlashes(trimSlash(best.getSubPath()));
        return Optional.of(new VolumePath(best.getName(), join(sub, rest)));
    }

    /** The absolute path at which a container sees a volume path, if it mounts that part of the volume. */
    Optional<String> toContainerPath(Container c, VolumePath vp) {
        for (VolumeMount m : c.getVolumeMounts()) {
            if (!m.getName().equals(vp.volume())) {
                continue;
            }
            String sub = m.getSubPath() == null ? "" : stripLeadingSlashes(trimSlash(m.getSubPath()));
            if (sub.isEmpty() || vp.relative().equals(sub) || vp.relative().startsWith(sub + "/")) {
                String rest = stripLeadingSlashes(vp.relative().substring(sub.length()));
                return Optional.of(trimSlash(m.getMountPath()) + (rest.isEmpty() ? "" : "/" + rest));
            }
        }
        return Optional.empty();
    }

    Optional<VolumeMount> mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst();
    }

    boolean isWritable(Container c, String path) {
        return toVolume(c, path)
                .map(vp -> !Boolean.TRUE.equals(mount(c, vp.volume()).orElseThrow().getReadOnly())
                        && volume(vp.volume()).getEmptyDir() != null)
                .orElse(false);
    }

    /** The files the app appends to: every {@code tee -a PATH} or {@code >> PATH} in its command line. */
    List<String> appLogFiles() {
        Container app = container(this.app);
        String script = String.join(" ", Stream.concat(
                app.getCommand() == null ? Stream.of() : app.getCommand().stream(),
                app.getArgs() == null ? Stream.of() : app.getArgs().stream()).toList());
        List<String> paths = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("(?:tee\\s+-a\\s+|>>\\s*)(/[^\\s;|&\"']+)").matcher(script);
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertFalse(paths.isEmpty(), file + ": cannot find the file the app writes (tee -a PATH) in its command");
        return paths.stream().distinct().toList();
    }

    String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().map(EnvVar::getValue).orElse(null);
    }

    Optional<EnvVar> envVar(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The {@code --config} path the shipper is started with (its args, or the image default). */
    String shipperConfigPath() {
        List<String> args = container(SHIPPER).getArgs();
        if (args != null) {
            int i = args.indexOf("--config");
            if (i >= 0) {
                assertTrue(i + 1 < args.size(), file + ": --config without a path");
                return args.get(i + 1);
            }
        }
        return DEFAULT_CONFIG_PATH;
    }

    /** The ConfigMap mounted where the shipper's {@code --config} path points, and the key it reads. */
    record MountedConfig(ConfigMap configMap, String key, String text) {
    }

    MountedConfig shipperConfigSource() {
        Container shipper = container(SHIPPER);
        String path = shipperConfigPath();
        VolumePath vp = toVolume(shipper, path)
                .orElseGet(() -> fail(file + ": the shipper's config " + path + " is on no mounted volume"));
        Volume v = volume(vp.volume());
        assertNotNull(v.getConfigMap(), file + ": the shipper's config " + path + " is not on a ConfigMap volume");
        ConfigMap cm = manifests.configMap(v.getConfigMap().getName());
        String text = cm.getData() == null ? null : cm.getData().get(vp.relative());
        assertNotNull(text, file + ": ConfigMap " + cm.getMetadata().getName() + " has no key " + vp.relative()
                + " for the shipper's --config " + path);
        return new MountedConfig(cm, vp.relative(), text);
    }

    /** The shipper's configuration as a YAML tree (keys are ShipperConfig's record component names). */
    JsonNode shipperConfig() {
        String text = shipperConfigSource().text();
        try {
            return Manifests.YAML.readTree(text);
        } catch (IOException e) {
            return fail(file + ": the shipper's config is not YAML: " + e.getMessage());
        }
    }

    String checkpointDirectory() {
        return shipperConfig().path("checkpoint").path("directory")
                .asText(ShipperConfig.CheckpointConfig.DEFAULT_DIRECTORY.toString());
    }

    String podInfoDirectory() {
        return shipperConfig().path("kubernetes").path("podInfoDirectory")
                .asText(ShipperConfig.KubernetesConfig.DEFAULT_POD_INFO_DIRECTORY.toString());
    }

    int serverPort() {
        return shipperConfig().path("server").path("port").asInt(ShipperConfig.ServerConfig.DEFAULT_PORT);
    }

    /** True when some input includes the path and none of its excludes drops it. */
    boolean shipperTails(String path) {
        for (JsonNode input : shipperConfig().path("inputs")) {
            List<String> include = input.has("include")
                    ? Manifests.strings(input.get("include")) : ShipperConfig.InputConfig.DEFAULT_INCLUDE;
            List<String> exclude = Manifests.strings(input.path("exclude"));
            if (include.stream().anyMatch(g -> globMatches(g, path)) && exclude.stream().noneMatch(g -> globMatches(g, path))) {
                return true;
            }
        }
        return false;
    }

    static boolean globMatches(String glob, String path) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path));
    }

    static String trimSlash(String s) {
        String t = s;
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.equals("/") ? "" : t;
    }

    static String stripLeadingSlashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') {
            i++;
        }
        return s.substring(i);
    }

    static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }
}
