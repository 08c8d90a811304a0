package dev.logshipper.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.Destination;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PutLogEventsEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void escapesQuotesBackslashesAndControlCharactersAndKeepsUtf8() throws Exception {
        String tricky = "say \"hi\" \\ path\ttab\nnew\rret\u0000nul\u0001\u001f end € 𝄞 \u2028";
        Batch batch = new Batch(new Destination("/g/\"q\"", "s/é"), 0);
        byte[] bytes = tricky.getBytes(StandardCharsets.UTF_8);
        batch.add(1_700_000_000_123L, bytes, 0, bytes.length, Acknowledgement.NONE);
        batch.add(0, "plain".getBytes(StandardCharsets.UTF_8), 0, 5, Acknowledgement.NONE);
        PutLogEventsEncoder encoder = new PutLogEventsEncoder();
        encoder.encode(batch);
        JsonNode body = JSON.readTree(encoder.copy());
        assertEquals("/g/\"q\"", body.get("logGroupName").asText());
        assertEquals("s/é", body.get("logStreamName").asText());
        assertEquals(tricky, body.get("logEvents").get(0).get("message").asText());
        assertEquals(1_700_000_000_123L, body.get("logEvents").get(0).get("timestamp").asLong());
        assertEquals(0L, body.get("logEvents").get(1).get("timestamp").asLong());
        assertEquals("plain", body.get("logEvents").get(1).get("message").asText());
    }

    @Test
    void encodesASliceOfAMessageArray() throws Exception {
        byte[] bytes = "xxHELLOyy".getBytes(StandardCharsets.UTF_8);
        Batch batch = new Batch(new Destination("g", "s"), 0);
        batch.add(5, bytes, 2, 5, Acknowledgement.NONE);
        PutLogEventsEncoder encoder = new PutLogEventsEncoder();
        encoder.encode(batch);
        assertEquals("{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":5,\"message\":\"HELLO\"}]}",
                new String(encoder.copy(), StandardCharsets.UTF_8));
    }

    @Test
    void repeatedAndChangingTimestampsAcrossBatchesAreEachWrittenExactly() {
        long[] stamps = {1_700_000_000_123L, 1_700_000_000_123L, 9L, 1_700_000_000_123L, 0L, 0L, 1_700_000_000_124L};
        PutLogEventsEncoder encoder = new PutLogEventsEncoder();
        for (int round = 0; round < 2; round++) { // the second batch starts with the digits the first one ended with
            Batch batch = new Batch(new Destination("g", "s"), 0);
            StringBuilder expected = new StringBuilder("{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[");
            for (int i = 0; i < stamps.length; i++) {
                long stamp = round == 0 ? stamps[i] : stamps[stamps.length - 1 - i];
                batch.add(stamp, new byte[] {'m'}, 0, 1, Acknowledgement.NONE);
                expected.append(i > 0 ? "," : "").append("{\"timestamp\":").append(stamp).append(",\"message\":\"m\"}");
            }
            encoder.encode(batch);
            assertEquals(expected.append("]}").toString(), new String(encoder.copy(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theBufferShrinksAfterARunOfSmallBatchesAndStillEncodesThem() throws Exception {
        PutLogEventsEncoder encoder = new PutLogEventsEncoder();
        Batch big = new Batch(new Destination("g", "s"), 0);
        byte[] megabyte = new byte[1_000_000];
        java.util.Arrays.fill(megabyte, (byte) 'a');
        big.add(1, megabyte, 0, megabyte.length, Acknowledgement.NONE);
        encoder.encode(big);
        int grown = encoder.capacity();
        assertTrue(grown >= 1_000_000, "grew for the big batch: " + grown);

        Batch small = new Batch(new Destination("g", "s"), 0);
        small.add(2, "small".getBytes(StandardCharsets.UTF_8), 0, 5, Acknowledgement.NONE);
        for (int i = 1; i < PutLogEventsEncoder.SHRINK_AFTER; i++) {
            encoder.encode(small);
        }
        assertEquals(grown, encoder.capacity(), "kept while the run of small batches is short");
        encoder.encode(small);
        assertTrue(encoder.capacity() <= 128 * 1024, "released after the run: " + encoder.capacity());
        assertEquals("small", JSON.readTree(encoder.copy()).get("logEvents").get(0).get("message").asText());

        encoder.encode(big);
        assertEquals(1_000_000, JSON.readTree(encoder.copy()).get("logEvents").get(0).get("message").asText().length(),
                "grows again on demand");
    }

    @Test
    void aBigBatchNowAndThenKeepsTheBuffer() {
        PutLogEventsEncoder encoder = new PutLogEventsEncoder();
        Batch big = new Batch(new Destination("g", "s"), 0);
        byte[] megabyte = new byte[1_000_000];
        big.add(1, megabyte, 0, megabyte.length, Acknowledgement.NONE);
        Batch small = new Batch(new Destination("g", "s"), 0);
        small.add(2, new byte[] {'x'}, 0, 1, Acknowledgement.NONE);
        encoder.encode(big);
        int grown = encoder.capacity();
        for (int round = 0; round < 5; round++) {
            for (int i = 1; i < PutLogEventsEncoder.SHRINK_AFTER; i++) {
                encoder.encode(small);
            }
            encoder.encode(big);
            assertEquals(grown, encoder.capacity());
        }
    }
}
