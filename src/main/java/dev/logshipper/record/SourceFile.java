package dev.logshipper.record;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A tailed file as the record stage sees it: its path (as matched by the input's glob) and the name of
 * the input that matched it, so the record stage can pick the input's format, multiline rule and naming.
 */
public record SourceFile(Path path, String inputName) {
    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(inputName, "inputName");
    }
}
