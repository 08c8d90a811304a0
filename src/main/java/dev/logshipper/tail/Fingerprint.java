package dev.logshipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * CRC32C of a file's first {@code length} bytes (up to {@link #MAX_LENGTH}). Together with device and inode it
 * tells "the same file" from "a new file that got the same inode" and from "this file, truncated and written
 * again" (the first lines differ). A fingerprint of a short file grows as the file grows: {@link #extend}.
 *
 * <p>A fingerprint taken from the file also keeps those first bytes ({@code head}; not persisted, so one restored
 * from a checkpoint has none): a copy that logrotate made before the file grew further is shorter than the
 * fingerprint, and only the bytes can tell that it starts the same way ({@link #sharesPrefixWith}).
 */
public record Fingerprint(int length, int crc, byte[] head) {
    public static final int MAX_LENGTH = 1024;

    public Fingerprint(int length, int crc) {
        this(length, crc, null);
    }

    /** Computes the fingerprint of what {@code channel} holds now (thread-confined scratch buffer). */
    public static Fingerprint of(FileChannel channel, long size) throws IOException {
        int length = (int) Math.min(MAX_LENGTH, size);
        ByteBuffer prefix = readPrefix(channel, length);
        return ofPrefix(prefix.array(), prefix.position());
    }

    /** The fingerprint of bytes already read from a file's start ({@code bytes[0..count)}). */
    static Fingerprint ofPrefix(byte[] bytes, int count) {
        int length = Math.min(MAX_LENGTH, count);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return new Fingerprint(length, (int) crc.getValue(), Arrays.copyOf(bytes, length));
    }

    /** True when the file still starts with the bytes this fingerprint covers. */
    public boolean matches(FileChannel channel, long size) throws IOException {
        if (size < length) {
            return false;
        }
        ByteBuffer prefix = readPrefix(channel, length);
        CRC32C crc = new CRC32C();
        crc.update(prefix.array(), 0, prefix.position());
        return (int) crc.getValue() == this.crc;
    }

    /**
     * True when a non-empty file and the fingerprinted one start alike as far as both go: the file {@linkplain #matches
     * matches}, or it is shorter and holds the start of the fingerprinted bytes (a copy made earlier). Without the
     * bytes, only a full match counts.
     */
    boolean sharesPrefixWith(FileChannel channel, long size) throws IOException {
        if (size == 0 || length == 0) {
            return false;
        }
        if (head == null || size >= length) {
            return matches(channel, size);
        }
        int n = (int) size;
        ByteBuffer prefix = readPrefix(channel, n);
        return prefix.position() == n && Arrays.equals(prefix.array(), 0, n, head, 0, n);
    }

    /** A longer fingerprint once the file has grown past this one's length; the caller checked {@link #matches} first. */
    public Fingerprint extend(FileChannel channel, long size) throws IOException {
        if (length >= MAX_LENGTH || size <= length) {
            return this;
        }
        return of(channel, size);
    }

    /**
     * The fingerprint of the first {@code length} bytes only (this one if it is not longer). Needs the bytes; without
     * them it is no fingerprint at all (length 0), which matches anything: a reader may then read twice, never skip.
     */
    Fingerprint prefix(long length) {
        if (length >= this.length) {
            return this;
        }
        if (head == null) {
            return new Fingerprint(0, 0);
        }
        return ofPrefix(head, (int) length);
    }

    /** The same fingerprint without the bytes, for keeping many. */
    Fingerprint withoutHead() {
        return head == null ? this : new Fingerprint(length, crc);
    }

    // Identity is length and CRC; the bytes are a cache.
    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && length == that.length && crc == that.crc;
    }

    @Override
    public int hashCode() {
        return 31 * length + crc;
    }

    @Override
    public String toString() {
        return "Fingerprint[length=" + length + ", crc=" + Integer.toHexString(crc) + "]";
    }

    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_LENGTH));

    private static ByteBuffer readPrefix(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = SCRATCH.get().clear().limit(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        return buffer;
    }
}
