package dev.logshipper.testing;

import com.sun.net.httpserver.Headers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the AWS Signature Version 4 of a request the way the CloudWatch Logs front end would, so a
 * hand-signed PutLogEvents (the shipper signs its self-encoded body) is caught if it is wrong.
 *
 * <p>Always: the {@code Authorization} header must have the SigV4 shape, sign {@code host} and
 * {@code x-amz-date}, and a present {@code x-amz-content-sha256} must be the body's hash. When secrets
 * are configured, the access key must be known and the signature must match; without secrets any key
 * is accepted (tests that do not care about credentials). Request time is not checked against the
 * clock because tests pin the fake's clock far from the signer's.
 */
final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;._-]+),\\s*Signature=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> secretsByAccessKey;

    /** @param secretsByAccessKey known credentials; empty accepts any access key without checking signatures */
    SigV4Verifier(Map<String, String> secretsByAccessKey) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    }

    void verify(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            throw unrecognized("Missing or non-SigV4 Authorization header (expected 'AWS4-HMAC-SHA256 Credential=...')");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw unrecognized("Malformed AWS4-HMAC-SHA256 Authorization header: " + authorization);
        }
        String accessKey = m.group(1);
        String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String amzDate = headers.getFirst("X-Amz-Date");
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date") || amzDate == null) {
            throw unrecognized("SigV4 must sign 'host' and 'x-amz-date'; signed: " + m.group(5));
        }
        String bodyHash = HEX.formatHex(sha256(body));
        String declaredHash = headers.getFirst("X-Amz-Content-Sha256");
        boolean unsignedPayload = declaredHash != null
                && (declaredHash.equals("UNSIGNED-PAYLOAD") || declaredHash.startsWith("STREAMING-"));
        if (declaredHash != null && !unsignedPayload && !declaredHash.equalsIgnoreCase(bodyHash)) {
            throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        if (secretsByAccessKey.isEmpty()) {
            return;
        }
        String secret = secretsByAccessKey.get(accessKey);
        if (secret == null) {
            throw unrecognized("The security token included in the request is invalid.");
        }
        String canonicalRequest = String.join("\n", method, rawPath.isEmpty() ? "/" : rawPath,
                canonicalQuery(rawQuery), canonicalHeaders(signedHeaders, headers), m.group(5),
                unsignedPayload ? declaredHash : bodyHash);
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
                HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, m.group(3));
        key = hmac(key, m.group(4));
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        if (!MessageDigest.isEqual(expected, HEX.parseHex(m.group(6)))) {
            throw invalidSignature("The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method."
                    + " Consult the service documentation for details.");
        }
    }

    private static String canonicalHeaders(List<String> signedHeaders, Headers headers) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = headers.get(name);
            if (values == null) {
                throw invalidSignature("Signed header '" + name + "' is missing from the request.");
            }
            sb.append(name).append(':')
                    .append(values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        String[] pairs = rawQuery.split("&");
        Arrays.sort(pairs);
        return Arrays.stream(pairs).map(p -> p.contains("=") ? p : p + "=").collect(Collectors.joining("&"));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsServiceError unrecognized(String message) {
        return new AwsServiceError("UnrecognizedClientException", 400, message);
    }

    private static AwsServiceError invalidSignature(String message) {
        return new AwsServiceError("InvalidSignatureException", 400, message);
    }
}
