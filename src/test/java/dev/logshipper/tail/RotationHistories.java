package dev.logshipper.tail;

import dev.logshipper.tail.RotationOp.Ack;
import dev.logshipper.tail.RotationOp.Advance;
import dev.logshipper.tail.RotationOp.Append;
import dev.logshipper.tail.RotationOp.CatchUp;
import dev.logshipper.tail.RotationOp.Checkpoint;
import dev.logshipper.tail.RotationOp.Compress;
import dev.logshipper.tail.RotationOp.Copy;
import dev.logshipper.tail.RotationOp.Expire;
import dev.logshipper.tail.RotationOp.FlakyScan;
import dev.logshipper.tail.RotationOp.Kill;
import dev.logshipper.tail.RotationOp.RenameRotate;
import dev.logshipper.tail.RotationOp.Reopen;
import dev.logshipper.tail.RotationOp.Start;
import dev.logshipper.tail.RotationOp.Step;
import dev.logshipper.tail.RotationOp.Stop;
import dev.logshipper.tail.RotationOp.Truncate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Random rotation histories, and the shrinking of a failing one to a short history that still fails. A history mixes
 * what logrotate does in its two modes (and both at once, which no single config does but every identity rule must
 * survive), appends with and without a final newline, reopens, expiry and compression, endpoint acknowledgements in any
 * order, checkpoint writes, passing time, kills, stops and restarts, shipper steps that leave it behind the writer, and
 * listings that miss a file (as one made during a rename can).
 */
final class RotationHistories {
    private RotationHistories() {
    }

    record History(RotationModel.Settings settings, List<RotationOp> ops) {
        /** As Java for {@code RotationRegressionTest}, with the seed that gives the lines their lengths (they can matter). */
        String java(long seed) {
            StringJoiner ops = new StringJoiner(",\n                ", "List.of(\n                ", ")");
            this.ops.forEach(op -> ops.add(op.java()));
            return "run(" + settings.java() + ", " + seed + "L, " + ops + ");";
        }
    }

    static History random(long seed) {
        Random r = new Random(seed);
        RotationModel.Settings settings = new RotationModel.Settings(r.nextInt(3) == 0, r.nextInt(4) == 0,
                r.nextInt(4) == 0 ? 2 + r.nextInt(3) : 64, r.nextInt(3) == 0);
        int files = settings.twoFiles() ? 2 : 1;
        int mode = r.nextInt(3); // 0 create, 1 copytruncate, 2 both
        int length = 10 + r.nextInt(90);
        List<RotationOp> ops = new ArrayList<>();
        boolean running = true;
        int pendingTruncate = -1;
        while (ops.size() < length) {
            int f = r.nextInt(files);
            if (pendingTruncate >= 0 && r.nextInt(3) == 0) {
                ops.add(new Truncate(pendingTruncate)); // logrotate truncates right after its copy
                pendingTruncate = -1;
                continue;
            }
            if (!running && r.nextInt(3) == 0) {
                ops.add(new Start());
                running = true;
                continue;
            }
            int pick = r.nextInt(100);
            if (pick < 28) {
                ops.add(new Append(f, 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 5), r.nextInt(6) != 0));
            } else if (pick < 40) {
                ops.add(new Step(r.nextBoolean(), r.nextInt(3)));
            } else if (pick < 42) {
                ops.add(new FlakyScan(r.nextLong(1000)));
            } else if (pick < 47) {
                ops.add(new CatchUp());
            } else if (pick < 55) {
                ops.add(new Ack(r.nextInt(4) == 0 ? 100 : 10 + r.nextInt(80), r.nextLong(1000)));
            } else if (pick < 61) {
                ops.add(new Checkpoint());
            } else if (pick < 65) {
                ops.add(new Advance(50 + r.nextInt(1_500)));
            } else if (pick < 72) {
                boolean copy = mode == 1 || (mode == 2 && r.nextBoolean());
                if (copy) {
                    ops.add(new Copy(f));
                    pendingTruncate = f;
                } else {
                    ops.add(new RenameRotate(f));
                }
            } else if (pick < 76) {
                ops.add(new Reopen(f));
            } else if (pick < 80) {
                ops.add(new Expire(f, r.nextInt(4)));
            } else if (pick < 82) {
                ops.add(new Compress(f));
            } else if (pick < 84) {
                ops.add(new Truncate(f));
            } else if (pick < 92) {
                if (running) {
                    ops.add(new Kill());
                    running = false;
                }
            } else if (pick < 94) {
                if (running) {
                    ops.add(new Stop());
                    running = false;
                }
            }
        }
        return new History(settings, ops);
    }

    /**
     * A shorter history that still fails: drops chunks of ops, halving the chunk size, until no single op can go.
     * Every op is valid in every state, so every subsequence is a history.
     */
    static History shrink(Path root, long seed, History failing) {
        List<RotationOp> current = failing.ops();
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk = chunk == 1 ? 0 : chunk / 2) {
            boolean removed = true;
            while (removed) {
                removed = false;
                for (int from = 0; from + chunk <= current.size(); from++) {
                    List<RotationOp> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(from + chunk, current.size()));
                    if (RotationModel.run(root, failing.settings(), seed, candidate) != null) {
                        current = candidate;
                        removed = true;
                        break;
                    }
                }
            }
        }
        return new History(failing.settings(), List.copyOf(current));
    }
}
