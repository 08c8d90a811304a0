package dev.logshipper.record;

/** Creates the record stage for one tailed file generation. */
public interface LineHandlerFactory {

    LineHandler open(SourceFile file, OffsetTracker tracker);
}
