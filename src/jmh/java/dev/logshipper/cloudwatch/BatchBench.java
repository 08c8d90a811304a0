package dev.logshipper.cloudwatch;

import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * The delivery stage per batch of 200-byte lines (199-byte messages, 4,660 events = one full 1 MiB batch):
 * batch accounting ({@link Batch#fits} + {@link Batch#add} per event, then the sort check), encoding the PutLogEvents
 * body ({@link PutLogEventsEncoder}), signing it with the SDK's SigV4 signer as the transport does, and SHA-256 of the
 * body alone for reference. Time per full batch (~1 MiB): s/GiB = time in s x 1024.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchBench {

    private static final Destination DESTINATION = new Destination("/bench/shop", "checkout-7d4b9c-x2x9q/app");

    private byte[][] messages;
    private Batch full;
    private PutLogEventsEncoder encoder;
    private byte[] body;
    private int bodyLength;
    private AwsV4HttpSigner signer;
    private AwsBasicCredentials credentials;
    private SdkHttpRequest request;
    private MessageDigest sha256;
    private SigV4Signer ours;
    private long timestamp;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        timestamp = System.currentTimeMillis();
        String line = ("2025-01-02T03:04:05.678Z INFO  [worker-7] com.example.http.RequestLog - GET /api/v1/orders "
                + "status=200 user=42 \"quoted value\" tenant=acme trace=4bf92f3577b34da6 span=00f067aa0ba902b7 "
                + "latency_ms=17 bytes=5312 region=eu-west-1 ok").substring(0, 199);
        int n = CloudWatchLimits.MAX_BATCH_BYTES / EventSizes.accounted(199);
        messages = new byte[n][];
        for (int i = 0; i < n; i++) {
            messages[i] = line.getBytes(StandardCharsets.US_ASCII);
        }
        full = fill();
        encoder = new PutLogEventsEncoder();
        body = encoder.encode(full).clone();
        bodyLength = encoder.size();
        signer = AwsV4HttpSigner.create();
        credentials = AwsBasicCredentials.create("AKIDBENCHMARK0000000", "bench-secret");
        request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("https://logs.us-east-1.amazonaws.com"))
                .putHeader("Content-Type", CloudWatchLimits.CONTENT_TYPE)
                .putHeader("X-Amz-Target", CloudWatchLimits.TARGET_PREFIX + "PutLogEvents")
                .putHeader("Content-Length", Integer.toString(bodyLength)).build();
        sha256 = MessageDigest.getInstance("SHA-256");
        ours = new SigV4Signer(URI.create("https://logs.us-east-1.amazonaws.com"), "us-east-1", CloudWatchLimits.SIGNING_NAME);
    }

    private Batch fill() {
        Batch batch = new Batch(DESTINATION, 0);
        for (byte[] m : messages) {
            if (!batch.fits(m.length, timestamp)) {
                throw new IllegalStateException("the batch should hold " + messages.length + " events");
            }
            batch.add(timestamp, m, 0, m.length, Acknowledgement.NONE);
        }
        batch.sortByTimestamp();
        return batch;
    }

    /** Accounting: one full batch built event by event (fits + add, growth included), sealed by the sort check. */
    @Benchmark
    public Batch accounting() {
        return fill();
    }

    /** The PutLogEvents JSON body of a full batch (~1 MiB). */
    @Benchmark
    public int encode() {
        encoder.encode(full);
        return encoder.size();
    }

    /** SigV4 of the encoded body with our signer (payload SHA-256 in 4 KiB pieces included), as the transport does. */
    @Benchmark
    public java.util.Map<String, String> signOurs() {
        return ours.sign(CloudWatchLimits.CONTENT_TYPE, CloudWatchLimits.TARGET_PREFIX + "PutLogEvents", body, bodyLength,
                credentials, java.time.Instant.now());
    }

    /** SigV4 of the encoded body with the SDK's signer (payload SHA-256 included), what the transport did until session 2. */
    @Benchmark
    public SignedRequest sign() {
        ContentStreamProvider payload = () -> new ByteArrayInputStream(body, 0, bodyLength);
        return signer.sign(r -> r.identity(credentials).request(request).payload(payload)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, CloudWatchLimits.SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    }

    /** SHA-256 of the body alone: the floor of signing. */
    @Benchmark
    public byte[] sha256() {
        sha256.update(body, 0, bodyLength);
        return sha256.digest();
    }
}
