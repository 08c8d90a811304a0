package dev.logshipper.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tailer against thousands of random rotation histories ({@link RotationHistories}), each checked by
 * {@link RotationModel}'s invariants: nothing still on disk is lost, nothing read while caught up is lost, nothing is
 * invented, and duplicates stay within the documented bound.
 *
 * <p>Replay and explore: {@code -Drotation.model.seed=N} runs the histories from seed N ({@code random} for a new one
 * each run), {@code -Drotation.model.histories=N} runs N of them (the long form: 100000). A failure prints its seed and
 * the history shrunk to the fewest ops that still fail, as Java to paste into {@link RotationRegressionTest}.
 */
class RotationModelTest {
    /** Fixed, so that the unit phase is the same in every build; explore with another seed. */
    private static final long DEFAULT_SEED = 20261207L;
    private static final int DEFAULT_HISTORIES = 1_500;

    @TempDir
    Path dir;

    @RegisterExtension
    static final QuietLogs QUIET = new QuietLogs();

    @Test
    void randomRotationHistoriesLoseNothingOnDiskAndDuplicateOnlyWithinTheBound() {
        String seedProperty = System.getProperty("rotation.model.seed", Long.toString(DEFAULT_SEED));
        long base = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
        int histories = Integer.getInteger("rotation.model.histories", DEFAULT_HISTORIES);
        System.out.println("[rotation-model] " + histories + " histories from seed " + base
                + " (replay: -Drotation.model.seed=" + base + ")");
        for (int i = 0; i < histories; i++) {
            long seed = base + i;
            RotationHistories.History history = RotationHistories.random(seed);
            String failure = RotationModel.run(dir, history.settings(), seed, history.ops());
            if (failure != null) {
                RotationHistories.History shrunk = RotationHistories.shrink(dir, seed, history);
                String shrunkFailure = RotationModel.run(dir, shrunk.settings(), seed, shrunk.ops());
                fail("history " + i + " (seed " + seed + ", " + history.ops().size() + " ops) failed:\n" + failure
                        + "\n\nshrunk to " + shrunk.ops().size() + " ops:\n" + shrunk.java(seed) + "\n" + shrunkFailure);
            }
        }
    }
}
