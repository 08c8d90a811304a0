package dev.logshipper.tail;

/**
 * One step of a rotation history: what the app, logrotate, the endpoint or the operator does, or one step of the
 * shipper. Every op is valid in every state (an op that makes no sense then does nothing), so that any subsequence
 * of a history is a history too: that is what lets a failing history be shrunk. {@link #java()} prints the op as the
 * Java expression that builds it, for pasting a shrunk history into a regression test.
 */
sealed interface RotationOp {

    String java();

    /** The app appends {@code lines} lines to its open handle of live file {@code file}; the last without its newline if not {@code newline}. */
    record Append(int file, int lines, boolean newline) implements RotationOp {
        public String java() {
            return "new Append(" + file + ", " + lines + ", " + newline + ")";
        }
    }

    /** The app closes its handle and opens the live path again (creating it if missing), as after a postrotate signal. */
    record Reopen(int file) implements RotationOp {
        public String java() {
            return "new Reopen(" + file + ")";
        }
    }

    /** logrotate {@code create}: older names shift, the live file is renamed to the newest rotated name, an empty one is created. */
    record RenameRotate(int file) implements RotationOp {
        public String java() {
            return "new RenameRotate(" + file + ")";
        }
    }

    /** logrotate {@code copytruncate}, first half: older names shift, the live file is copied to the newest rotated name. */
    record Copy(int file) implements RotationOp {
        public String java() {
            return "new Copy(" + file + ")";
        }
    }

    /** logrotate {@code copytruncate}, second half (or any truncation): the live file is truncated to 0. */
    record Truncate(int file) implements RotationOp {
        public String java() {
            return "new Truncate(" + file + ")";
        }
    }

    /** logrotate's {@code rotate N}: the oldest rotated files beyond {@code keep} are deleted. */
    record Expire(int file, int keep) implements RotationOp {
        public String java() {
            return "new Expire(" + file + ", " + keep + ")";
        }
    }

    /** logrotate's {@code compress}: the oldest uncompressed rotated file is gzipped and deleted. */
    record Compress(int file) implements RotationOp {
        public String java() {
            return "new Compress(" + file + ")";
        }
    }

    /** The shipper (if running): a directory scan when {@code scan}, then {@code passes} read passes (one buffer per file each). */
    record Step(boolean scan, int passes) implements RotationOp {
        public String java() {
            return "new Step(" + scan + ", " + passes + ")";
        }
    }

    /** The shipper (if running) scans, and the listing misses one file (picked by {@code seed}), as a race with a rename can. */
    record FlakyScan(long seed) implements RotationOp {
        public String java() {
            return "new FlakyScan(" + seed + "L)";
        }
    }

    /**
     * The shipper (if running) catches up: scans and reads until nothing is left, with time passing so that partial
     * lines are emitted. Afterwards every line in a file must have been read (the model checks it).
     */
    record CatchUp() implements RotationOp {
        public String java() {
            return "new CatchUp()";
        }
    }

    /** The endpoint acknowledges about {@code percent}% of the records in flight, picked at random (out of order). */
    record Ack(int percent, long seed) implements RotationOp {
        public String java() {
            return "new Ack(" + percent + ", " + seed + "L)";
        }
    }

    /** The checkpoint writer writes (if the shipper is running). */
    record Checkpoint() implements RotationOp {
        public String java() {
            return "new Checkpoint()";
        }
    }

    /** Time passes for the shipper's timers (partial lines, idle release, the quiet time before a rotated file closes). */
    record Advance(long millis) implements RotationOp {
        public String java() {
            return "new Advance(" + millis + ")";
        }
    }

    /** SIGKILL: every in-memory state is gone, records in flight are never acknowledged, the checkpoint stays as last written. */
    record Kill() implements RotationOp {
        public String java() {
            return "new Kill()";
        }
    }

    /** SIGTERM: the shipper reads to the end, flushes, writes its checkpoint and exits (records in flight stay unacknowledged). */
    record Stop() implements RotationOp {
        public String java() {
            return "new Stop()";
        }
    }

    /** The shipper starts (if it is down): loads the checkpoint and recovers. */
    record Start() implements RotationOp {
        public String java() {
            return "new Start()";
        }
    }
}
