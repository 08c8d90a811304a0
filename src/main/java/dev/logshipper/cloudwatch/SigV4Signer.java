package dev.logshipper.cloudwatch;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request shape: {@code POST /} of an aws-json-1.1 body to one endpoint, signing
 * {@code content-type}, {@code host}, {@code x-amz-content-sha256}, {@code x-amz-date}, {@code x-amz-target} and, with
 * session credentials, {@code x-amz-security-token} - what the SDK's {@code AwsV4HttpSigner} signs for this request (a
 * test compares the two byte for byte).
 *
 * <p>Why not the SDK's signer: it hashes the payload through a checksumming input stream in small reads, each with
 * its own overhead, on the one path every byte shipped takes; here the body array is hashed in place (SHA-NI intrinsic,
 * see {@link #HASH_CHUNK}), and the signing key is derived once per day and secret.
 * One instance per sending thread (not thread-safe: it keeps its digest, MAC and key cache).
 */
final class SigV4Signer {
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SIGNED_HEADERS = "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target";
    private static final String SIGNED_HEADERS_WITH_TOKEN =
            "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target";

    /**
     * The body is hashed in pieces of this size, not in one call: one call per request is too rare for the JIT to
     * compile the digest's update method with C2 (only C2 uses the SHA-NI intrinsic) within the first gigabyte; a few
     * hundred calls per request get it there within the first few megabytes.
     */
    private static final int HASH_CHUNK = 4096;

    private final String host;
    private final String region;
    private final String service;
    private final MessageDigest sha256;
    private final Mac hmac;

    private String keyDate;
    private String keySecret;
    private byte[] signingKey;

    SigV4Signer(URI endpoint, String region, String service) {
        this.host = hostHeader(endpoint);
        this.region = region;
        this.service = service;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 or HmacSHA256", e);
        }
    }

    /** The {@code Host} header as HTTP clients send it: the port only when it is not the scheme's default. */
    static String hostHeader(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || ("https".equalsIgnoreCase(endpoint.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(endpoint.getScheme()) && port == 80);
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    /**
     * The headers to send with {@code body[0..length)} besides {@code Content-Type} and {@code X-Amz-Target} (which are
     * signed with the values given): {@code X-Amz-Content-Sha256}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} when
     * the credentials have one, and {@code Authorization}.
     */
    Map<String, String> sign(String contentType, String target, byte[] body, int length, AwsCredentialsIdentity credentials,
            Instant now) {
        String payloadHash = HEX.formatHex(payloadHash(body, length));
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        String token = credentials instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;

        StringBuilder canonical = new StringBuilder(512)
                .append("POST\n/\n\n")
                .append("content-type:").append(contentType).append('\n')
                .append("host:").append(host).append('\n')
                .append("x-amz-content-sha256:").append(payloadHash).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (token != null) {
            canonical.append("x-amz-security-token:").append(token).append('\n');
        }
        canonical.append("x-amz-target:").append(target).append('\n')
                .append('\n')
                .append(token != null ? SIGNED_HEADERS_WITH_TOKEN : SIGNED_HEADERS).append('\n')
                .append(payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        sha256.reset();
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(signingKey(credentials.secretAccessKey(), date), stringToSign));

        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("X-Amz-Content-Sha256", payloadHash);
        headers.put("X-Amz-Date", amzDate);
        if (token != null) {
            headers.put("X-Amz-Security-Token", token);
        }
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + (token != null ? SIGNED_HEADERS_WITH_TOKEN : SIGNED_HEADERS)
                + ", Signature=" + signature);
        return headers;
    }

    /**
     * A method of its own, not a loop inside {@link #sign}: the JIT compiles a loop that runs hundreds of times per call
     * on its own (on-stack replacement) together with everything inlined into the enclosing method, and with the
     * canonical request, the date formatting and the HMACs around it that makes one large compile, slow for C2.
     */
    private byte[] payloadHash(byte[] body, int length) {
        sha256.reset();
        for (int off = 0; off < length; off += HASH_CHUNK) {
            sha256.update(body, off, Math.min(HASH_CHUNK, length - off));
        }
        return sha256.digest();
    }

    private byte[] signingKey(String secret, String date) {
        if (!date.equals(keyDate) || !secret.equals(keySecret)) {
            byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            signingKey = hmac(key, "aws4_request");
            keyDate = date;
            keySecret = secret;
        }
        return signingKey;
    }

    private byte[] hmac(byte[] key, String data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return hmac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
