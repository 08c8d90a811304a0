package dev.logshipper.tail;

import dev.logshipper.checkpoint.CheckpointEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Compressed generations are never read, but a checkpointed generation whose unread rest survives only in one is lost,
 * and the loss is counted: this tells how long such a file's content is, when it holds that generation.
 */
final class CompressedGenerations {
    private CompressedGenerations() {
    }

    /** The uncompressed length of a gzip file whose content starts with the entry's fingerprinted bytes, else -1. */
    static long lengthIfStartsWith(Path file, CheckpointEntry entry) {
        if (!file.getFileName().toString().endsWith(".gz") || entry.fingerprintLength() == 0) {
            return -1;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(entry.fingerprintLength());
            CRC32C crc = new CRC32C();
            crc.update(head);
            if (head.length < entry.fingerprintLength() || (int) crc.getValue() != entry.fingerprintCrc()) {
                return -1;
            }
            return head.length + in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return -1;
        }
    }
}
