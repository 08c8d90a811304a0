package dev.logshipper.enrich;

/** Where the enrich stage gets the pod's metadata from. */
@FunctionalInterface
public interface PodMetadataSource {

    /**
     * The current snapshot. Cheap enough to call for every record: implementations return the same
     * instance until the metadata changes, and rate-limit whatever checking they do.
     */
    PodMetadata current();
}
