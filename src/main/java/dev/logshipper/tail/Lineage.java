package dev.logshipper.tail;

import dev.logshipper.tail.TailedFile.State;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * Whether two files hold the same generation: one starts with the other's first bytes (a copy is a prefix of what it
 * was copied from, and the generation goes on growing). Compared on the first bytes both fingerprints cover, byte by
 * byte where both kept their bytes, else by CRC over the shorter one's length. Lines carry timestamps, so two
 * different generations practically never share their first line.
 */
final class Lineage {
    private Lineage() {
    }

    /** What a new file is a copy of: a generation being read ({@code reader}), or a file read to its end. */
    record Match(TailedFile reader, KnownFile copyOf) {
        static final Match NONE = new Match(null, null);
    }

    /** True when the two start alike for as long as both are known, and that is at least one byte. */
    static boolean agree(Fingerprint a, Fingerprint b) {
        return agreement(a, b) > 0;
    }

    /**
     * The readers of {@code source}'s family first (longest agreement wins), then its other known files. A reader is
     * compared by {@code generationStart}: what its file starts with, which for a young live file can be more than the
     * reader has fingerprinted yet.
     */
    static Match match(Fingerprint own, List<TailedFile> readers,
            Function<TailedFile, Fingerprint> generationStart, List<KnownFile> family, Path source) {
        TailedFile reader = null;
        int best = 0;
        for (TailedFile r : readers) {
            if (r.state != State.FINISHED && r.sourcePath.equals(source)) {
                int length = agreement(own, generationStart.apply(r));
                if (length > best) {
                    reader = r;
                    best = length;
                }
            }
        }
        if (reader != null) {
            return new Match(reader, null);
        }
        KnownFile copyOf = null;
        for (KnownFile known : family) {
            if (known.role != KnownFile.Role.READING && known.fingerprint != null) {
                int length = agreement(own, known.fingerprint);
                if (length > best) {
                    copyOf = known;
                    best = length;
                }
            }
        }
        if (copyOf == null) {
            return Match.NONE;
        }
        return copyOf.role == KnownFile.Role.STANDBY ? new Match(copyOf.reader, null) : new Match(null, copyOf);
    }

    /** True when {@code own} (with its bytes) starts with the bytes a persisted fingerprint of that length and CRC covers. */
    static boolean startsWith(Fingerprint own, int length, int crc) {
        if (length == 0) {
            return true;
        }
        if (own.head() == null || own.length() < length) {
            return false;
        }
        CRC32C check = new CRC32C();
        check.update(own.head(), 0, length);
        return (int) check.getValue() == crc;
    }

    /** How many first bytes the two are known to share: all of the shorter one's, or 0 (none, or they differ). */
    static int agreement(Fingerprint a, Fingerprint b) {
        int common = Math.min(a.length(), b.length());
        if (common == 0) {
            return 0;
        }
        if (a.head() == null && b.head() == null) {
            return a.length() == b.length() && a.crc() == b.crc() ? common : 0;
        }
        Fingerprint longer = a.head() == null || (b.head() != null && b.length() > a.length()) ? b : a;
        Fingerprint shorter = longer == a ? b : a;
        boolean same = shorter.head() != null ? Arrays.equals(a.head(), 0, common, b.head(), 0, common)
                : startsWith(longer, shorter.length(), shorter.crc());
        return same && meaningful(longer.head(), common, longer.length()) ? common : 0;
    }

    /**
     * True when a prefix of {@code shared} bytes, out of {@code length} known bytes, is evidence of one generation: it has
     * something in it but newlines, and it is all both fingerprints hold, or ends where a line ends. Generations that
     * merely began alike - an empty line, a date - share less than a line.
     */
    static boolean meaningful(byte[] bytes, int shared, int length) {
        boolean content = false;
        for (int i = 0; i < shared && !content; i++) {
            content = bytes[i] != '\n' && bytes[i] != '\r';
        }
        if (!content) {
            return false;
        }
        return shared >= Fingerprint.MAX_LENGTH || shared == length || bytes[shared - 1] == '\n' || bytes[shared] == '\n';
    }
}
