package dev.logshipper.cloudwatch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Gets SHA-256 (the SigV4 payload hash of every request) compiled by C2 before the first batch is signed.
 *
 * <p>Only C2 uses the CPU's SHA instructions; until it has compiled the digest's update path, every megabyte is hashed
 * by interpreted or C1 code, many times slower. Left to the request traffic, that compile waits behind the reader's hot
 * path in C2's queue, and the first tens of megabytes of a backlog are hashed slowly. Here one daemon thread runs the
 * same update path on two blocks at a time, often enough to cross C2's thresholds while the shipper is still starting:
 * a few tens of milliseconds of CPU, once.
 */
final class DigestWarmUp {

    /** Calls of {@code update}: above the invocation and back-edge counts at which tiered compilation moves to C2. */
    private static final int CALLS = 20_000;
    private static final int BYTES_PER_CALL = 128;

    private DigestWarmUp() {
    }

    /** Starts the warm-up thread (a daemon: it never keeps the JVM from exiting) and returns it. */
    static Thread start() {
        return Thread.ofPlatform().name("sha256-warm-up").daemon().start(DigestWarmUp::run);
    }

    private static void run() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[BYTES_PER_CALL];
            for (int i = 0; i < CALLS; i++) {
                sha256.update(block, 0, BYTES_PER_CALL);
            }
            sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            // The signer reports this properly when it is built; nothing to warm up.
        }
    }
}
