package dev.logshipper.enrich;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of what the downward API tells about this pod. Every scalar is {@code null} when its
 * source is missing (an env var not set, or set to a blank string); labels and annotations are empty when
 * the podinfo volume is not mounted. The maps iterate in key order, so encodings of a snapshot are stable.
 *
 * <p>Sources hand out the same instance until something changes, so consumers can compare snapshots by
 * identity to know when to recompute what they derived from one.
 */
public record PodMetadata(
        String podName,
        String namespace,
        String podUid,
        String nodeName,
        String podIp,
        String serviceAccount,
        String cluster,
        Map<String, String> labels,
        Map<String, String> annotations) {

    /** Nothing known. */
    public static final PodMetadata EMPTY =
            new PodMetadata(null, null, null, null, null, null, null, Map.of(), Map.of());

    public PodMetadata {
        podName = blankToNull(podName);
        namespace = blankToNull(namespace);
        podUid = blankToNull(podUid);
        nodeName = blankToNull(nodeName);
        podIp = blankToNull(podIp);
        serviceAccount = blankToNull(serviceAccount);
        cluster = blankToNull(cluster);
        labels = sortedCopy(labels);
        annotations = sortedCopy(annotations);
    }

    /** A copy with other labels and annotations (the podinfo files changed). */
    public PodMetadata withPodInfo(Map<String, String> newLabels, Map<String, String> newAnnotations) {
        return new PodMetadata(podName, namespace, podUid, nodeName, podIp, serviceAccount, cluster,
                newLabels, newAnnotations);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Map<String, String> sortedCopy(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }
}
