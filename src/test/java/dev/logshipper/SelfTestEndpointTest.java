package dev.logshipper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the self-test's endpoint tells which records arrived, and how its verdict reads. */
class SelfTestEndpointTest {

    private static final List<String> STREAMS = List.of("pod/app", "pod/sidecar");

    @Test
    void exactlyTheExpectedRecordsOnceEachIsRight() {
        SelfTestEndpoint.Tally tally = new SelfTestEndpoint.Tally(STREAMS, 10);
        for (String stream : STREAMS) {
            for (int i = 4; i < 10; i++) {
                tally.add(stream, i);
            }
        }
        assertEquals(0, tally.missing(4, 10));
        assertEquals("", tally.problems(4, 10));
        assertEquals(12, tally.events());
    }

    @Test
    void missingRepeatedAndForeignRecordsAreEachCounted() {
        SelfTestEndpoint.Tally tally = new SelfTestEndpoint.Tally(STREAMS, 10);
        tally.add("pod/app", 4);
        tally.add("pod/app", 4);
        tally.add("pod/app", 5);
        tally.add("pod/sidecar", 5);
        tally.add("pod/sidecar", 0); // from an earlier run
        tally.add("pod/other", 4); // unknown stream
        tally.add("pod/app", -1); // no record number in the message
        tally.add("pod/app", 10); // beyond the records written
        assertEquals(1, tally.missing(4, 6));
        assertEquals("1 missing, 1 sent twice, 4 not of this run (records outside 4..5)", tally.problems(4, 6));
    }

    @Test
    void theRecordNumberIsFoundInEveryInputsMessage() {
        assertEquals(20, SelfTestInputs.recordNumber("{\"log\":\"2026-11-25 10:00:00.000 ERROR [main] com.example.App - "
                + "request 20 failed\\njava.lang.IllegalStateException: \\\"boom\\\" 20\",\"kubernetes\":{\"pod_name\":\"p\"}}"));
        assertEquals(7, SelfTestInputs.recordNumber("{\"level\":\"info\",\"msg\":\"request 7\",\"latency_ms\":3}"));
        assertEquals(12_345, SelfTestInputs.recordNumber("worker 12345 done \u00e9"));
        assertEquals(-1, SelfTestInputs.recordNumber("no number here"));
        assertEquals(-1, SelfTestInputs.recordNumber("request x"));
    }

    @Test
    void signedPutLogEventsAreTalliedAndUnsignedRefused() throws IOException {
        SelfTestEndpoint.Tally tally = new SelfTestEndpoint.Tally(STREAMS, 10);
        try (SelfTestEndpoint endpoint = new SelfTestEndpoint(tally)) {
            String body = "{\"logGroupName\":\"/g\",\"logStreamName\":\"pod/sidecar\",\"logEvents\":["
                    + "{\"timestamp\":1,\"message\":\"worker 3 done\"},{\"timestamp\":2,\"message\":\"request 4\"}]}";
            assertEquals(200, post(endpoint.port(), body, "AWS4-HMAC-SHA256 Credential=x"));
            assertEquals(400, post(endpoint.port(), body, null));
        }
        assertEquals(2, tally.events());
        assertEquals("2 missing", tally.problems(3, 5), "sidecar 3 and 4 arrived, app 3 and 4 did not");
    }

    private static int post(int port, String body, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("X-Amz-Target", "Logs_20140328.PutLogEvents");
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
