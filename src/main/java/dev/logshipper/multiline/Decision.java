package dev.logshipper.multiline;

/** What a {@link LineClassifier} says about one line of a stream. */
public enum Decision {
    /** The line begins a new record; an open record is complete. */
    START,
    /** The line belongs to the open record (or begins one if none is open). */
    CONTINUE,
    /** The line is a record on its own: the open record is complete, and so is this one. */
    SINGLE
}
