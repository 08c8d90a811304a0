package dev.logshipper.enrich;

import dev.logshipper.bytes.JsonByteWriter;
import dev.logshipper.names.NameTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-file part of an envelope, encoded once to JSON bytes and copied into every record of the file:
 * {@code "kubernetes":{...}} and, when the container id is known, {@code "docker":{"container_id":...}} (where
 * the reference Fluentd's {@code kubernetes_metadata} filter put it). Rebuilt only when the file's
 * {@link FileMetadata} changes (the kubelet swapped the labels/annotations files).
 *
 * <p>The {@code kubernetes} object carries what the reference setup carried and this sidecar can know without
 * the API server: {@code pod_name, namespace_name, pod_id, host, container_name, labels, annotations}. Unknown
 * values and empty maps are left out rather than written as null. Label keys are kept as they are (the
 * Fluentd filter's {@code de_dot} rewriting of {@code .} to {@code _} is not copied; JSON and CloudWatch Logs
 * Insights handle dotted keys).
 *
 * <p>The {@code add} filters' fields come last, their templates rendered for this file: they too are per file, and
 * change exactly when the metadata does.
 */
final class MetadataBlock {

    static final String KUBERNETES_KEY = "kubernetes";
    static final String DOCKER_KEY = "docker";

    /** One field of an {@code add} filter: its name and its value's template. */
    record AddedField(String name, NameTemplate value) {
    }

    private final FileMetadata source;
    private final byte[] json;
    private final boolean hasDocker;
    private final Set<String> added;

    private MetadataBlock(FileMetadata source, byte[] json, boolean hasDocker, Set<String> added) {
        this.source = source;
        this.json = json;
        this.hasDocker = hasDocker;
        this.added = added;
    }

    static MetadataBlock encode(FileMetadata m) {
        return encode(m, List.of());
    }

    static MetadataBlock encode(FileMetadata m, List<AddedField> addedFields) {
        JsonByteWriter w = new JsonByteWriter(256);
        w.writeKey(KUBERNETES_KEY);
        w.writeByte('{');
        boolean[] first = {true};
        field(w, first, "pod_name", m.podName());
        field(w, first, "namespace_name", m.namespace());
        field(w, first, "pod_id", m.podUid());
        field(w, first, "host", m.nodeName());
        field(w, first, "container_name", m.containerName());
        map(w, first, "labels", m.labels());
        map(w, first, "annotations", m.annotations());
        w.writeByte('}');
        boolean docker = m.containerId() != null;
        if (docker) {
            w.writeByte(',');
            w.writeKey(DOCKER_KEY);
            w.writeByte('{');
            w.writeKey("container_id");
            w.writeString(m.containerId());
            w.writeByte('}');
        }
        for (AddedField field : addedFields) {
            w.writeByte(',');
            w.writeKey(field.name());
            w.writeString(field.value().render(m));
        }
        return new MetadataBlock(m, w.toByteArray(), docker,
                Set.copyOf(addedFields.stream().map(AddedField::name).toList()));
    }

    /** The encoded members, without surrounding braces or leading comma. Do not modify. */
    byte[] json() {
        return json;
    }

    FileMetadata source() {
        return source;
    }

    /** Is {@code key} one of the top-level members this block writes? */
    boolean writes(String key) {
        return KUBERNETES_KEY.equals(key) || (hasDocker && DOCKER_KEY.equals(key)) || added.contains(key);
    }

    private static void field(JsonByteWriter w, boolean[] first, String key, String value) {
        if (value == null) {
            return;
        }
        comma(w, first);
        w.writeKey(key);
        w.writeString(value);
    }

    private static void map(JsonByteWriter w, boolean[] first, String key, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        comma(w, first);
        w.writeKey(key);
        w.writeValue(values);
    }

    private static void comma(JsonByteWriter w, boolean[] first) {
        if (!first[0]) {
            w.writeByte(',');
        }
        first[0] = false;
    }
}
