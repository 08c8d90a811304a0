package dev.logshipper.tail;

import dev.logshipper.tail.RotationModel.Settings;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;

/** Histories the rotation model once found failing, shrunk, each named for the loss path it exposed. */
class RotationRegressionTest {
    @TempDir
    Path dir;

    @RegisterExtension
    static final QuietLogs QUIET = new QuietLogs();

    /**
     * A copy holding unread lines is checkpointed as {@code app.log.1}; three more copytruncates while the shipper is
     * down shift it to {@code app.log.4}. It must be found by identity wherever it now is.
     */
    @Test
    void aCheckpointedCopyShiftedFurtherWhileDownIsFoundByIdentity() {
        run(new Settings(false, false, 64, false), List.of(
                new Append(0, 60, true),
                new Step(true, 1),
                new Copy(0),
                new Truncate(0),
                new Step(false, 1),
                new Checkpoint(),
                new Kill(),
                new Copy(0), new Truncate(0),
                new Copy(0), new Truncate(0),
                new Copy(0), new Truncate(0),
                new Start()));
    }

    /**
     * The live file was empty at the last checkpoint (a fingerprint of length 0); lines written while the shipper was
     * down were copied away by copytruncate before it came back. The copy must be read.
     */
    @Test
    void aCopyOfLinesWrittenWhileDownAfterAnEmptyCheckpointIsRead() {
        run(new Settings(false, false, 64, false), List.of(
                new Append(0, 5, true),
                new CatchUp(),
                new Ack(100, 1),
                new Copy(0),
                new Truncate(0),
                new CatchUp(),
                new Checkpoint(),
                new Kill(),
                new Append(0, 5, true),
                new Copy(0),
                new Truncate(0),
                new Start()));
    }

    /**
     * Two descriptors and five generations with unread lines at a start: the rotated ones the glob matches are readers of
     * their own, released at once for the budget. Each is read once a descriptor is free, which a later scan finds (a
     * catch-up that counted only the passes' reading stopped while one still waited, and took it for lost).
     */
    @Test
    void generationsWaitingForADescriptorAtAStartAreReadInTurn() {
        run(new Settings(false, true, 2, true), List.of(
                new Append(0, 2, true),
                new Append(1, 33, true),
                new RenameRotate(0),
                new Reopen(0),
                new RenameRotate(1),
                new RenameRotate(1),
                new RenameRotate(0),
                new Append(0, 3, true),
                new Reopen(1),
                new RenameRotate(0),
                new Reopen(0),
                new Kill(),
                new Append(0, 34, true),
                new Append(1, 3, true)));
    }



    /**
     * Three descriptors for four files at a start: {@code app.log.1}'s reader is released at once. logrotate deletes
     * {@code app.log.1}, and its inode goes to {@code web.log.1}, the copy copytruncate makes of {@code web.log}. The
     * truncation, seen by SIGTERM's drain, lists the directory for the copy: {@code web.log.1} was taken for
     * {@code app.log.1} renamed, so the acknowledged generation of {@code web.log} had no copy and was forgotten, and the
     * next start read the copy again (four duplicates after a clean stop).
     */
    @Test
    void anInodeReusedForAnotherFamilysCopyIsNotTakenForTheReleasedReaderThatHadIt() {
        run(new Settings(false, true, 3, true), List.of(
                new Append(0, 5, true),
                new Copy(0),
                new Truncate(0),
                new Append(1, 4, true),
                new Kill(),
                new Start(),
                new Kill(),
                new Start(),
                new Expire(0, 0),
                new Step(false, 1),
                new Copy(1),
                new Ack(100, 895L),
                new Truncate(1),
                new Stop()));
    }

    /**
     * The glob matches rotated names, so {@code app.log.1}, read to its end, is a reader of its own, released while its
     * acknowledgements are pending. logrotate compresses it (deleting it) and copies {@code app.log} to a new
     * {@code app.log.1} on the freed inode, then truncates. The truncation's listing left the released reader's file
     * alone, as if it were being read: the copy was not taken for one, the truncated generation was forgotten, and the
     * next start read the copy again (five duplicates after a clean stop).
     */
    @Test
    void aCopyOnTheInodeOfAReleasedReadersDeletedFileIsTakenForACopy() {
        run(new Settings(false, true, 64, false), List.of(
                new Append(0, 22, true),
                new CatchUp(),
                new RenameRotate(0),
                new Reopen(0),
                new Append(0, 5, true),
                new CatchUp(),
                new Ack(72, 330L),
                new Compress(0),
                new Copy(0),
                new Truncate(0),
                new Stop()));
    }

    /**
     * An empty rotated name the glob matches has a released reader; logrotate deletes it and gzips another generation
     * into a new {@code .gz}, which may get the freed inode. The listing that missed the deleted file looked through the
     * directory by identity, found the inode under the {@code .gz} name and took it for a rename: SIGTERM's drain read
     * the compressed bytes as lines. Fails only when the filesystem hands the freed inode to the {@code .gz} (about
     * half the runs without the fix).
     */
    @Test
    void aCompressedFileOnAFreedInodeIsNotTakenForTheFileThatHadIt() {
        run(new Settings(false, true, 3, false), List.of(
                new Reopen(0),
                new RenameRotate(0),
                new Append(0, 2, true),
                new Step(true, 0),
                new RenameRotate(0),
                new Append(0, 1, true),
                new Step(false, 1),
                new Expire(0, 0),
                new RenameRotate(0),
                new Step(true, 1),
                new Compress(0),
                new Step(true, 1),
                new Stop()));
    }

    /**
     * Two descriptors at a start with two unread copies and the live file: the live file waits. logrotate expires the
     * copies once read; the round that finds them gone and closes them reads nothing, and a catch-up that stopped there
     * never reached the scan that hands their descriptor to the live file (a running shipper does at its next scan).
     */
    @Test
    void aFileWaitingForADescriptorGetsOneFreedByARoundThatReadNothing() {
        run(new Settings(true, true, 2, false), List.of(
                new Append(0, 35, false),
                new Copy(0),
                new Truncate(0),
                new Append(0, 2, false),
                new Copy(0),
                new Truncate(0),
                new Kill(),
                new Start(),
                new Append(0, 4, true),
                new Step(true, 1),
                new Copy(0),
                new Expire(0, 1)));
    }

    /**
     * The app's file is read (three lines), truncated, renamed by a rotation and written again through the app's handle
     * to the very same length. The listing saw it renamed and modified but no longer than what was read; only a live
     * file was checked for being rewritten in place, so the rotated one was taken for read to its end. Needs the line
     * lengths of the seed it was found with.
     */
    @Test
    void aRotatedFileTruncatedAndWrittenAgainToTheSameLengthIsReadAgain() {
        run(new Settings(false, false, 64, false), 27289743510858L, List.of(
                new Append(0, 1, true),
                new Append(0, 2, true),
                new Copy(0),
                new Step(true, 0),
                new Truncate(0),
                new RenameRotate(0),
                new Append(0, 3, true)));
    }

    /** A file created and rotated between two scans of a running shipper is a generation it must read. */
    @Test
    void aFileCreatedAndRotatedBetweenTwoScansIsRead() {
        run(new Settings(false, false, 64, false), List.of(
                new Append(0, 4, true),
                new RenameRotate(0)));
    }

    /** Killed before the first interval's checkpoint write: a restart must not take the first run's files for history. */
    @Test
    void aRotationBeforeTheFirstCheckpointIntervalIsNotTakenForHistory() {
        run(new Settings(false, false, 3, false), List.of(
                new Append(0, 2, true),
                new RenameRotate(0),
                new Kill()));
    }

    /** Released for idleness, truncated and written longer: the ended reader must not read the next generation's bytes. */
    @Test
    void aReleasedFileTruncatedAndWrittenLongerIsReadFromItsNewStart() {
        run(new Settings(true, false, 64, false), List.of(
                new Append(0, 1, true),
                new Step(true, 2),
                new Advance(1221),
                new Step(true, 2),
                new Truncate(0),
                new Append(0, 5, true)));
    }

    /** A glob that matches rotated names ({@code *.log*}) sees the copy as a file of its own: it is no new file. */
    @Test
    void aCopyTheGlobMatchesIsNotReadAsANewFile() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new Copy(0)));
    }

    /** Looking at a new file's first bytes must not take the descriptor the live file needs (a budget of two). */
    @Test
    void lookingAtANewFileDoesNotStarveTheLiveFile() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new Copy(0),
                new Truncate(0),
                new Step(true, 2),
                new Copy(0),
                new Append(0, 2, true)));
    }

    /** A copy deleted by compression gives its inode to the next copy: that is no growth of the old one. */
    @Test
    void theNextCopyOnADeletedCopysInodeIsNotTakenForItsGrowth() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new Kill(),
                new Start(),
                new Copy(0),
                new Append(0, 2, true),
                new Step(false, 2),
                new Step(true, 2),
                new Compress(0),
                new Copy(0)));
    }

    /** Lines read from the live file but not acknowledged survive in its copy: after a kill, they are read from there. */
    @Test
    void aCopyOfUnacknowledgedLinesIsReadAgainAfterAKill() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new CatchUp(),
                new Copy(0),
                new Truncate(0),
                new Step(false, 2),
                new Checkpoint(),
                new Kill()));
    }

    /** While a scan handles a truncation, a copy was shifted to another name: every path is up to date first. */
    @Test
    void aCopyShiftedInTheSameScanIsFoundAtItsNewName() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new Copy(0),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0)));
    }

    /** A file resumed without a descriptor (over the budget) and truncated before it was read: its copy is read. */
    @Test
    void theTruncationOfAnUnreadReleasedFileIsNoticed() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 3, true),
                new Copy(0),
                new Truncate(0),
                new Append(0, 3, true),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0)));
    }

    /** A rotated name the glob matches, its inode reused by the next copy: told by its first bytes, not read twice. */
    @Test
    void aRotatedNameReusedForTheNextCopyIsToldByItsContent() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 2, true),
                new Truncate(0),
                new Append(0, 3, true),
                new Append(0, 3, true),
                new Copy(0),
                new Append(0, 2, true),
                new Truncate(0),
                new Append(0, 3, true),
                new Kill(),
                new Start(),
                new Compress(0),
                new Copy(0)));
    }

    /** Rotated files read to their end wait for their acknowledgements without holding the live file's descriptor. */
    @Test
    void drainedRotatedFilesHoldNoDescriptor() {
        run(new Settings(false, true, 2, false), List.of(
                new Append(0, 2, true),
                new Truncate(0),
                new Append(0, 3, true),
                new Append(0, 3, true),
                new Copy(0),
                new Append(0, 2, true),
                new Truncate(0),
                new Append(0, 3, true),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0),
                new Step(true, 2),
                new Step(true, 2),
                new Compress(0),
                new Append(0, 2, true)));
    }

    /** A truncation found while draining at shutdown ends that reader: it does not read the next generation as its own. */
    @Test
    void aTruncationFoundWhileDrainingEndsTheReader() {
        run(new Settings(false, false, 2, false), List.of(
                new Append(0, 4, true),
                new CatchUp(),
                new Truncate(0),
                new Append(0, 38, true),
                new Stop()));
    }

    /** A truncation found while draining continues in the copy, which is read to its end, not to the live file's size. */
    @Test
    void aTruncationFoundWhileDrainingReadsTheCopyToItsEnd() {
        run(new Settings(false, false, 2, false), List.of(
                new Append(0, 33, true),
                new Truncate(0),
                new Append(0, 34, false),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0),
                new Append(0, 3, true),
                new Stop()));
    }

    /** A standby copy deleted (expired) gives its inode to a copy of the next generation: no longer its standby. */
    @Test
    void aStandbyCopysInodeReusedByTheNextCopyIsToldByItsContent() {
        run(new Settings(false, false, 2, false), List.of(
                new Append(0, 33, true),
                new Copy(0),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0),
                new Expire(0, 1),
                new Append(0, 3, true),
                new Copy(0),
                new Truncate(0)));
    }

    /** A reader whose reopen was refused (no descriptor free) notices the change at a later scan. */
    @Test
    void aRefusedReopenIsTriedAgainAtTheNextScan() {
        run(new Settings(false, false, 2, false), List.of(
                new Append(0, 33, true),
                new Copy(0),
                new Truncate(0),
                new Append(0, 4, true),
                new Copy(0),
                new Truncate(0),
                new Append(0, 34, false),
                new Kill(),
                new Start(),
                new Copy(0),
                new Truncate(0)));
    }

    /** Both rotation modes at once: copied, truncated, then renamed before its reader read a byte. */
    @Test
    void aRenamedFileTruncatedBeforeItWasReadContinuesInItsCopy() {
        run(new Settings(false, false, 64, false), List.of(
                new Append(0, 3, true),
                new Step(true, 0),
                new Copy(0),
                new Truncate(0),
                new RenameRotate(0)));
    }

    /** Two copies of one generation, the shorter read first: the longer one holds the rest. */
    @Test
    void aLongerCopyOfAGenerationHoldsTheRest() {
        run(new Settings(true, true, 2, false), List.of(
                new Append(0, 2, true),
                new Copy(0),
                new Append(0, 16, true),
                new Copy(0),
                new Truncate(0)));
    }

    /** The live file's descriptor went to a new file while its truncation was handled: it is reopened when written. */
    @Test
    void aNextGenerationWithoutADescriptorIsReopenedWhenWritten() {
        run(new Settings(true, true, 2, false), List.of(
                new Append(0, 2, true),
                new Copy(0),
                new Truncate(0),
                new Append(0, 1, true),
                new Kill(),
                new Start(),
                new Truncate(0),
                new Append(0, 16, true),
                new Copy(0),
                new Truncate(0),
                new CatchUp(),
                new Append(0, 5, true)));
    }

    /** Copied after an unnoticed truncation and rewrite: the copy belongs to the next generation, read once. */
    @Test
    void aCopyOfAnUnnoticedNextGenerationIsNotReadTwice() {
        run(new Settings(true, true, 3, false), List.of(
                new Append(0, 1, false),
                new CatchUp(),
                new Truncate(0),
                new Append(0, 4, true),
                new Copy(0)));
    }

    /** Copied and truncated before the first read of its generation: nothing was fingerprinted, the copy still counts. */
    @Test
    void aGenerationCopiedAndTruncatedBeforeItsFirstReadIsReadFromTheCopy() {
        run(new Settings(true, false, 4, true), List.of(
                new Reopen(1),
                new CatchUp(),
                new Append(1, 4, true),
                new Copy(1),
                new Step(true, 0),
                new Truncate(1)));
    }

    /** A rotated file read to its end, deleted while its records are acknowledged, its inode reused: not read on. */
    @Test
    void aDrainedFilesReusedInodeIsNotReadAsItsContinuation() {
        run(new Settings(false, true, 64, false), List.of(
                new Append(0, 4, false),
                new Copy(0),
                new Step(true, 2),
                new Truncate(0),
                new Compress(0),
                new Step(false, 1),
                new Append(0, 3, true),
                new Append(0, 3, true),
                new Advance(874),
                new Step(true, 2),
                new Copy(0)));
    }

    /** Truncated and written again while released, then renamed: the rotated file is verified before it is read on. */
    @Test
    void aFileRewrittenWhileReleasedAndThenRenamedIsReadFromItsNewStart() {
        run(new Settings(false, false, 2, false), List.of(
                new Append(0, 4, true),
                new CatchUp(),
                new Truncate(0),
                new Append(0, 27, true),
                new RenameRotate(0)));
    }

    /** An empty copy's entry names no content: a copy that reused its inode is matched to the generation it holds. */
    @Test
    void anEmptyFilesEntryDoesNotClaimTheCopyThatReusedItsInode() {
        run(new Settings(false, false, 64, true), List.of(
                new Append(0, 4, true),
                new Append(1, 2, true),
                new RenameRotate(0),
                new Step(true, 2),
                new Ack(39, 62L),
                new Copy(0),
                new Checkpoint(),
                new Copy(0),
                new Expire(0, 2),
                new Kill(),
                new Start(),
                new Compress(0),
                new Copy(1),
                new Truncate(1),
                new Stop()));
    }

    /** A file read and closed, deleted, its inode reused by a copy made just before a truncation: told by content. */
    @Test
    void aCopyOnAFinishedFilesReusedInodeIsToldByItsContentAtTheTruncation() {
        run(new Settings(false, false, 64, false), List.of(
                new Append(0, 1, true),
                new RenameRotate(0),
                new Reopen(0),
                new Append(0, 1, true),
                new CatchUp(),
                new Ack(100, 460L),
                new Compress(0),
                new Copy(0),
                new Truncate(0),
                new Stop()));
    }

    /** Continuing in a copy shorter than what was fingerprinted is no truncation of that copy (it livelocked). */
    @Test
    void aReaderContinuingInAShorterCopyDoesNotTakeItForTruncated() {
        run(new Settings(true, true, 64, false), List.of(
                new Append(0, 5, true),
                new Copy(0),
                new Copy(0),
                new Kill(),
                new Append(0, 1, true),
                new Start(),
                new Truncate(0)));
    }

    /** A first line without its newline, copied whole: the copy is the same generation, not read twice. */
    @Test
    void aCopyOfAnUnterminatedFirstLineIsNotReadTwice() {
        run(new Settings(true, true, 64, true), List.of(
                new Append(0, 1, false),
                new Copy(0)));
    }

    /**
     * After a restart a generation is named by several entries (the copies' capped at their size, the truncated live
     * file's by fingerprint): the furthest acknowledged offset wins.
     */
    @Test
    void theFurthestAcknowledgedOffsetOfAGenerationWins() {
        run(new Settings(true, false, 64, false), List.of(
                new Append(0, 3, true),
                new Copy(0),
                new Append(0, 4, true),
                new CatchUp(),
                new Copy(0),
                new Ack(100, 498L),
                new Truncate(0),
                new Checkpoint(),
                new Kill()));
    }

    /** A released file deleted by compression, its inode given to the compressed file: compressed files are never read. */
    @Test
    void aReleasedFilesInodeReusedByACompressedFileIsNeverRead() {
        run(new Settings(true, true, 64, true), List.of(
                new Append(1, 38, true),
                new Truncate(1),
                new CatchUp(),
                new RenameRotate(1),
                new Reopen(1),
                new Compress(1),
                new RenameRotate(1),
                new Advance(631),
                new Step(false, 1),
                new Compress(1)));
    }

    /** A rotated file whose entry is stale (renamed and deleted between scans): its path now names another known file. */
    @Test
    void aRediscoveredPathThatNamesAKnownFileIsNotReadTwice() {
        run(new Settings(false, true, 3, false), List.of(
                new Kill(),
                new Append(0, 40, true),
                new Start(),
                new Truncate(0),
                new RenameRotate(0),
                new Expire(0, 0),
                new Step(true, 2),
                new Reopen(0),
                new Append(0, 2, true)));
    }

    /** A copy of a renamed file that its reader had not read yet (nothing fingerprinted): told by the file's bytes. */
    @Test
    void aCopyOfARotatedFileNotYetReadIsItsStandby() {
        run(new Settings(false, false, 64, true), List.of(
                new Reopen(0),
                new Step(true, 1),
                new Append(0, 4, true),
                new Copy(0),
                new RenameRotate(0)));
    }

    /** Truncated and rewritten to exactly the size read: the unterminated last line is not taken from the new content. */
    @Test
    void aPartialLineIsNotReadFromAFileRewrittenToTheSameSize() {
        run(new Settings(false, false, 3, true), 6815753443216L, List.of(
                new Append(1, 5, false),
                new Step(true, 1),
                new Append(1, 1, true),
                new Truncate(1),
                new Append(1, 5, false),
                new Stop()));
    }

    /** A copy shifted to another name between scans is found there when a truncation needs it. */
    @Test
    void aStandbyShiftedBetweenScansIsFoundAtItsNewName() {
        run(new Settings(false, false, 64, false), List.of(
                new Kill(),
                new Append(0, 3, true),
                new Copy(0),
                new Start(),
                new Truncate(0),
                new Append(0, 3, true),
                new Copy(0),
                new Step(false, 2)));
    }

    /** Renamed between scans and then found truncated: it is no longer the app's file, its new content is not its next. */
    @Test
    void aLiveFileRenamedBetweenScansThenFoundTruncatedIsNotTheAppsFile() {
        run(new Settings(false, false, 2, true), List.of(
                new Append(1, 1, true),
                new Copy(1),
                new CatchUp(),
                new Truncate(1),
                new RenameRotate(1),
                new Step(false, 2)));
    }

    /** A copy of an unterminated first line, after which the app completed it and wrote on: a prefix, not a generation. */
    @Test
    void aCopyOfAnUnterminatedLineTheAppWentOnWithIsAStandby() {
        run(new Settings(false, false, 2, true), List.of(
                new Append(0, 1, false),
                new Copy(0),
                new Append(0, 4, true)));
    }

    /** Copied before its reader read a byte, then truncated and written longer: the copy's bytes tell the truncation. */
    @Test
    void aCopyTellsTheTruncationOfAGenerationItsReaderNeverRead() {
        run(new Settings(true, false, 64, true), 7180654605100L, List.of(
                new Append(1, 2, true),
                new Truncate(1),
                new CatchUp(),
                new Append(1, 2, true),
                new Copy(1),
                new Step(true, 0),
                new Truncate(1),
                new Append(1, 4, true)));
    }

    /** A copy of a live file whose descriptor is released (a budget of two): the file is looked at to tell it. */
    @Test
    void aCopyOfAReleasedLiveFileIsItsStandby() {
        run(new Settings(false, false, 2, true), 7203499824209L, List.of(
                new Append(1, 3, true),
                new Copy(1),
                new Truncate(1),
                new Kill(),
                new Start(),
                new Append(0, 5, true),
                new Append(1, 5, true),
                new Truncate(0),
                new Copy(1)));
    }

    /** A live file first seen after its first rotation: the rotated generation is found in the same scan's family. */
    @Test
    void aGenerationOfALiveFileNewInThisScanIsRead() {
        run(new Settings(false, false, 2, true), 7211368309320L, List.of(
                new Stop(),
                new Append(1, 1, true),
                new Start(),
                new Append(0, 3, true),
                new RenameRotate(0),
                new Append(1, 2, true),
                new RenameRotate(1),
                new Step(false, 2),
                new RenameRotate(1)));
    }

    /** A released, empty rotated file deleted, its inode reused by another family's copy: not read as its growth. */
    @Test
    void anEmptyReleasedFilesInodeReusedByAnotherFamilysCopyIsNotItsGrowth() {
        run(new Settings(true, true, 64, true), 7220596959728L, List.of(
                new Append(0, 35, true),
                new RenameRotate(0),
                new Step(true, 2),
                new RenameRotate(0),
                new CatchUp(),
                new Append(1, 4, true),
                new CatchUp(),
                new Expire(0, 0),
                new Copy(1)));
    }

    /** The released reader's file deleted before it read a byte: its generation goes on in a copy of it. */
    @Test
    void aReleasedReadersFileDeletedUnreadGoesOnInACopy() {
        run(new Settings(false, true, 2, false), 7385932618069L, List.of(
                new Append(0, 3, true),
                new Copy(0),
                new Copy(0),
                new Copy(0),
                new Truncate(0),
                new Stop(),
                new Start(),
                new Expire(0, 2)));
    }

    /**
     * A released rotated name reused by a copy of the live file, found while the live file's own truncation is being
     * handled: the copy is the live generation's, not a generation of its own.
     */
    @Test
    void aCopyOnAReleasedRotatedNamesInodeIsTheLiveGenerationsCopy() {
        run(new Settings(false, true, 64, true), 7564811912524L, List.of(
                new Append(0, 5, true),
                new Copy(0),
                new Truncate(0),
                new Append(0, 26, true),
                new CatchUp(),
                new CatchUp(),
                new Compress(0),
                new Copy(0),
                new Truncate(0)));
    }

    /** A copy the glob matches, after a restart, with everything it holds acknowledged: nothing of it is read again. */
    @Test
    void anAcknowledgedCopyTheGlobMatchesIsNotReadAgainAfterARestart() {
        run(new Settings(true, true, 3, false), 7819950354620L, List.of(
                new Append(0, 29, true),
                new Copy(0),
                new Append(0, 2, true),
                new CatchUp(),
                new Ack(100, 564L),
                new Checkpoint(),
                new Truncate(0),
                new Kill()));
    }

    /** A generation that begins with an empty line shares one newline with any other such: no evidence of a copy. */
    @Test
    void generationsThatBeginWithAnEmptyLineAreNotCopiesOfOneAnother() {
        run(new Settings(false, true, 2, false), 8056949741739L, List.of(
                new Append(0, 2, false),
                new Truncate(0),
                new Append(0, 14, false),
                new CatchUp(),
                new Advance(1369),
                new Copy(0),
                new Step(false, 1),
                new Truncate(0),
                new Reopen(0)));
    }

    /** Written to after it was read to its end, when no descriptor is free: still known, its rest is read later. */
    @Test
    void aFileWrittenAfterItWasReadWaitsForADescriptorAsKnown() {
        run(new Settings(true, false, 2, true), 8065477161703L, List.of(
                new Append(0, 26, true),
                new Append(1, 3, true),
                new RenameRotate(1),
                new CatchUp(),
                new Append(1, 4, true),
                new Advance(1435),
                new Ack(100, 549L),
                new RenameRotate(1),
                new Step(false, 1),
                new Append(0, 2, true)));
    }

    /** Two listings in a row miss the live file (racing logrotate's renames): it is there, and it is not read again. */
    @Test
    void listingsThatMissALiveFileDoNotMakeItNew() {
        run(new Settings(false, false, 64, false), 9429751835113L, List.of(
                new Append(0, 2, true),
                new CatchUp(),
                new CatchUp(),
                new FlakyScan(532L),
                new FlakyScan(224L)));
    }

    /** A released reader's file truncated, rewritten and copied: the copy belongs to the next generation, read once. */
    @Test
    void aCopyOfAReleasedReadersUnnoticedNextGenerationIsNotReadTwice() {
        run(new Settings(false, false, 2, true), 9539882604973L, List.of(
                new Append(1, 2, true),
                new Append(0, 2, true),
                new CatchUp(),
                new Truncate(0),
                new Append(0, 1, true),
                new Copy(0),
                new Truncate(0),
                new Truncate(1),
                new Append(0, 2, true),
                new Copy(0),
                new Step(true, 0)));
    }

    /**
     * The live generation truncated before its copy was seen, and the copy found later on an inode reused from a
     * deleted file: it is that ended generation's copy (its lines were read), not a generation of its own.
     */
    @Test
    void aCopyFoundAfterItsGenerationEndedIsThatGenerations() {
        run(new Settings(false, true, 2, false), 9871970867020L, List.of(
                new Kill(),
                new Append(0, 5, true),
                new Start(),
                new Copy(0),
                new Kill(),
                new Truncate(0),
                new Start(),
                new Expire(0, 0),
                new Append(0, 3, true),
                new Step(false, 2),
                new Copy(0),
                new Truncate(0),
                new Step(false, 2)));
    }

    /** A listing that misses the live file while the glob matches rotated names: app.log.1 is still no live file. */
    @Test
    void aRotatedNameSeenWithoutItsLiveFileIsStillARotatedName() {
        run(new Settings(false, true, 64, false), 10367921220718L, List.of(
                new Append(0, 1, true),
                new RenameRotate(0),
                new FlakyScan(606L),
                new RenameRotate(0)));
    }

    /** A generation read only as far as its first, empty line: a copy of what it holds now is still its copy. */
    @Test
    void aCopyOfAGenerationReadOnlyToItsEmptyFirstLineIsItsStandby() {
        run(new Settings(false, false, 64, false), 10817641520964L, List.of(
                new Append(0, 4, false),
                new Truncate(0),
                new Reopen(0),
                new Kill(),
                new Start(),
                new Append(0, 2, true),
                new Copy(0),
                new RenameRotate(0)));
    }

    private void run(Settings settings, List<RotationOp> history) {
        run(settings, 1, history);
    }

    /** With the seed of the line padding the history was found with, where the lengths of the lines matter. */
    private void run(Settings settings, long seed, List<RotationOp> history) {
        assertNull(RotationModel.run(dir, settings, seed, history));
    }
}
