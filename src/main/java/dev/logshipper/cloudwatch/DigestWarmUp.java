package dev.logshipper.cloudwatch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Gets SHA-256 (the SigV4 payload hash of every request) compiled by C2 before the first batch is signed.
 *
 * <p>Only C2 uses the CPU's SHA instructions; until it has compiled the digest's update path, each megabyte is hashed
 * by interpreted or C1 code at about a tenth of the speed. Left to the request traffic, that compile came 1.0-1.4 s
 * after start, behind the hot path of the reader in C2's queue, and the first 25-40 MB of requests were hashed slowly
 * (0.15-0.4 CPU s on a 200 MB backlog). Here one daemon thread runs the same update path on two blocks at a time,
 * often enough to cross C2's thresholds while the shipper is still starting: a few tens of milliseconds of CPU, once.
 * Measured (bench, image-aot, 3 runs each, alternating): raw 200 MB sender threads 0.93-1.11 -> 0.76-0.77 CPU s, whole
 * process 3.32-3.57 -> 2.94-3.16 CPU s.
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
