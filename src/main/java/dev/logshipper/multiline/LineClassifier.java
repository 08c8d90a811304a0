package dev.logshipper.multiline;

/**
 * Decides record boundaries for one stream of one file. Implementations may keep state (which part of a
 * stack trace the stream is in), so every stream gets its own instance; they are called from one thread.
 */
public interface LineClassifier {

    /**
     * @param line the decoded message of the line (empty for a blank line)
     * @param recordOpen whether the stream currently holds an open record; when false, implementations
     *     forget their state (the previous record was emitted by a timeout, a limit or a flush)
     */
    Decision classify(CharSequence line, boolean recordOpen);
}
