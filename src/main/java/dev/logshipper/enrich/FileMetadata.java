package dev.logshipper.enrich;

import dev.logshipper.names.NameTemplate;
import dev.logshipper.record.SourceFile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about the origin of one tailed file: what names are rendered from and what the envelope's
 * {@code kubernetes} object carries. Values are {@code null} when unknown.
 *
 * <p><b>Where the names come from.</b> For a file named like a kubelet log symlink
 * ({@link KubeletLogFileName}) pod name, namespace, container name and container id come from the file name;
 * otherwise pod name and namespace come from the downward API and the container name from the input's
 * {@code containerName}. The downward API describes <em>this</em> pod only, so its pod-scoped values (uid,
 * labels, annotations) are attached to a kubelet-named file only when the file is not known to belong to
 * another pod (its pod name and namespace match the env's, or the env does not set them). Node and cluster
 * are shared by every pod on the node and always attached.
 */
public record FileMetadata(
        String cluster,
        String namespace,
        String podName,
        String podUid,
        String nodeName,
        String containerName,
        String containerId,
        String input,
        String fileName,
        Map<String, String> labels,
        Map<String, String> annotations) implements NameTemplate.Values {

    public FileMetadata {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(fileName, "fileName");
        labels = labels == null ? Map.of() : labels;
        annotations = annotations == null ? Map.of() : annotations;
    }

    @Override
    public String value(NameTemplate.Field field) {
        return switch (field) {
            case CLUSTER -> cluster;
            case NAMESPACE -> namespace;
            case POD_NAME -> podName;
            case POD_UID -> podUid;
            case CONTAINER_NAME -> containerName;
            case CONTAINER_ID -> containerId;
            case NODE_NAME -> nodeName;
            case INPUT -> input;
            case FILE_NAME -> fileName;
        };
    }

    /** Combines what the file name says with the pod's downward-API snapshot. */
    public static FileMetadata of(SourceFile file, String configuredContainerName, PodMetadata pod) {
        String fileName = baseNameWithoutLog(file);
        Optional<KubeletLogFileName> kubelet = KubeletLogFileName.parse(file.path());
        if (kubelet.isEmpty()) {
            return new FileMetadata(pod.cluster(), pod.namespace(), pod.podName(), pod.podUid(), pod.nodeName(),
                    blankToNull(configuredContainerName), null, file.inputName(), fileName,
                    pod.labels(), pod.annotations());
        }
        KubeletLogFileName k = kubelet.get();
        boolean samePod = (pod.podName() == null || pod.podName().equals(k.podName()))
                && (pod.namespace() == null || pod.namespace().equals(k.namespace()));
        return new FileMetadata(pod.cluster(), k.namespace(), k.podName(), samePod ? pod.podUid() : null,
                pod.nodeName(), k.containerName(), k.containerId(), file.inputName(), fileName,
                samePod ? pod.labels() : Map.of(), samePod ? pod.annotations() : Map.of());
    }

    private static String baseNameWithoutLog(SourceFile file) {
        var name = file.path().getFileName();
        String base = name == null ? file.path().toString() : name.toString();
        return base.endsWith(".log") ? base.substring(0, base.length() - ".log".length()) : base;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
