package dev.logshipper.enrich;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names encoded in a kubelet container-log symlink name,
 * {@code <pod-name>_<namespace>_<container-name>-<64 hex container id>.log}
 * (pkg/kubelet/kuberuntime {@code logSymlink}). Parsed with Fluent Bit's documented {@code tag_regex}: the pod
 * name is a DNS subdomain (no {@code _}), the namespace has no {@code _}, the container name is everything up
 * to the last {@code -<64 chars>.log}.
 */
public record KubeletLogFileName(String podName, String namespace, String containerName, String containerId) {

    private static final Pattern NAME = Pattern.compile(
            "(?<pod>[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*)"
                    + "_(?<namespace>[^_]+)"
                    + "_(?<container>.+)"
                    + "-(?<id>[a-z0-9]{64})\\.log");

    /** The names, if the file's base name follows the kubelet's pattern. */
    public static Optional<KubeletLogFileName> parse(Path file) {
        Path name = file.getFileName();
        return name == null ? Optional.empty() : parse(name.toString());
    }

    /** The names, if {@code baseName} follows the kubelet's pattern. */
    public static Optional<KubeletLogFileName> parse(String baseName) {
        Matcher m = NAME.matcher(baseName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubeletLogFileName(m.group("pod"), m.group("namespace"), m.group("container"),
                m.group("id")));
    }
}
