package dev.logshipper.enrich;

/**
 * Counts from the enrich stage, for metrics. All methods have no-op defaults; implementations must be
 * cheap and thread-safe (record paths of different files may run on different threads).
 */
public interface EnrichListener {

    /** A line of the podinfo {@code labels} or {@code annotations} file was skipped (logged once per distinct line). */
    default void podInfoLineMalformed(String fileName) {
    }

    /** The podinfo files were re-read because the kubelet swapped them, and something changed. */
    default void podInfoReloaded() {
    }

    /** Reading a podinfo file failed for another reason than it being absent (logged once per file). */
    default void podInfoReadFailed(String fileName) {
    }

    /** A record with an empty message was rejected ({@code RejectReason.EMPTY}) instead of being submitted. */
    default void emptyMessageRejected() {
    }

    /** An envelope field lost a name collision under the documented precedence and was left out. */
    default void envelopeFieldDropped(String key) {
    }

    /** {@code mergeJsonLog} is on and a message looked like a JSON object but did not parse; it was kept as text. */
    default void mergeJsonLogUnparsable() {
    }

    EnrichListener NONE = new EnrichListener() {
    };
}
