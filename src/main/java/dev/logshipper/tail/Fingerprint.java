package dev.logshipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * CRC32C of a file's first {@code length} bytes (up to {@link #MAX_LENGTH}). Together with device and inode it
 * tells "the same file" from "a new file that got the same inode" and from "this file, truncated and written
 * again" (the first lines differ). A fingerprint of a short file grows as the file grows: {@link #extend}.
 */
public record Fingerprint(int length, int crc) {
    public static final int MAX_LENGTH = 1024;

    /** Computes the fingerprint of what {@code channel} holds now (thread-confined scratch buffer). */
    public static Fingerprint of(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(MAX_LENGTH, size);
        return new Fingerprint(length, crcOfPrefix(channel, length));
    }

    /** True when the file still starts with the bytes this fingerprint covers. */
    public boolean matches(FileChannel channel, long size) throws IOException {
        if (size < length) {
            return false;
        }
        return crcOfPrefix(channel, length) == crc;
    }

    /** A longer fingerprint once the file has grown past this one's length; the caller checked {@link #matches} first. */
    public Fingerprint extend(FileChannel channel, long size) throws IOException {
        if (length >= MAX_LENGTH || size <= length) {
            return this;
        }
        return of(channel, size);
    }

    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_LENGTH));

    static int crcOfPrefix(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = SCRATCH.get().clear().limit(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        return (int) crc.getValue();
    }
}
