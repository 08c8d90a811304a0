package dev.logshipper.checkpoint;

import dev.logshipper.checkpoint.CheckpointJson.InvalidCheckpointException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkpoint file's JSON: the format of earlier releases, forward compatibility, and strict rejection. */
class CheckpointJsonTest {

    /** Written by the checkpoint writer before this codec (Jackson data binding of a record), with the entries below. */
    private static final String EARLIER_RELEASE_FILE = "checkpoints-v1.json";
    private static final Instant EARLIER_RELEASE_WRITTEN_AT = Instant.parse("2026-12-07T06:45:15.331509001Z");
    private static final List<CheckpointEntry> EARLIER_RELEASE_ENTRIES = List.of(
            new CheckpointEntry(64769, 1234, 1024, 0xCAFEBABE, 2, 987_654, "/var/log/containers/app_ns_app-0123abcd.log",
                    "app"),
            new CheckpointEntry(4_294_967_299L, 9_007_199_254_740_993L, 17, Integer.MAX_VALUE, 0, 5_000_000_123L,
                    "/var/log/caf\u00e9 \"q\" \\ \u65e5\u672c.log", "in\u00e9"),
            new CheckpointEntry(64769, 99, 0, 0, 0, 0, "/var/log/empty.log", "app"));

    private static final String VALID = """
            {"version":1,"writtenAt":"2026-01-02T03:04:05Z","files":[
              {"device":1,"inode":2,"fingerprintLength":3,"fingerprintCrc":-4,"generation":5,"offset":6,
               "path":"/p","input":"in"}]}""";
    private static final CheckpointEntry VALID_ENTRY = new CheckpointEntry(1, 2, 3, -4, 5, 6, "/p", "in");

    private static byte[] earlierReleaseFile() throws IOException {
        try (InputStream in = CheckpointJsonTest.class.getResourceAsStream(EARLIER_RELEASE_FILE)) {
            return in.readAllBytes();
        }
    }

    private static LoadedCheckpoint read(String json) throws InvalidCheckpointException {
        return CheckpointJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The reason a file is refused (the codec must refuse it). */
    private static String refusal(String json) {
        return assertThrows(InvalidCheckpointException.class, () -> read(json), json).getMessage();
    }

    @Test
    void aFileOfAnEarlierReleaseLoads() throws Exception {
        LoadedCheckpoint loaded = CheckpointJson.read(earlierReleaseFile());
        assertEquals(EARLIER_RELEASE_ENTRIES, loaded.entries());
        assertEquals(Optional.of(EARLIER_RELEASE_WRITTEN_AT), loaded.writtenAt());
    }

    @Test
    void writesByteForByteTheFormatOfEarlierReleases() throws Exception {
        assertEquals(new String(earlierReleaseFile(), StandardCharsets.UTF_8),
                new String(CheckpointJson.write(EARLIER_RELEASE_WRITTEN_AT, EARLIER_RELEASE_ENTRIES), StandardCharsets.UTF_8));
        // An empty list, as written by the earlier release too.
        assertEquals("""
                {
                  "version" : 1,
                  "writtenAt" : "2026-12-07T06:45:20.120380080Z",
                  "files" : [ ]
                }""", new String(CheckpointJson.write(Instant.parse("2026-12-07T06:45:20.120380080Z"), List.of()),
                StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsEveryValueRange() throws Exception {
        List<CheckpointEntry> entries = List.of(
                new CheckpointEntry(Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                        Long.MAX_VALUE, "/a\u0000b\n\t\u2028\uD83D\uDE00", ""),
                new CheckpointEntry(-1, 0, 0, -1, 0, 0, "", "x"));
        Instant at = Instant.parse("2026-01-02T03:04:05.123456789Z");
        LoadedCheckpoint loaded = CheckpointJson.read(CheckpointJson.write(at, entries));
        assertEquals(entries, loaded.entries());
        assertEquals(Optional.of(at), loaded.writtenAt());
        assertEquals(List.of(), CheckpointJson.read(CheckpointJson.write(at, List.of())).entries());
    }

    @Test
    void unknownMembersAreIgnoredAtEveryLevel() throws Exception {
        LoadedCheckpoint loaded = read("""
                {"comment":"a later release","version":1,"listedAt":"2026-01-02T03:04:05Z","writtenAt":"2026-01-02T03:04:05Z",
                 "extra":{"nested":[1,{"a":null}]},"files":[
                  {"role":"standby","device":1,"inode":2,"fingerprintLength":3,"fingerprintCrc":-4,"generation":5,
                   "lastSize":123456789012345678901234567890,"offset":6,"path":"/p","input":"in","more":[[]]}],"z":null}""");
        assertEquals(List.of(VALID_ENTRY), loaded.entries());
        assertEquals(List.of(VALID_ENTRY), read(VALID).entries(), "the same without the unknown members");
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] whole = CheckpointJson.write(Instant.EPOCH, EARLIER_RELEASE_ENTRIES);
        for (int length = 0; length < whole.length; length++) {
            byte[] torn = Arrays.copyOf(whole, length);
            assertThrows(InvalidCheckpointException.class, () -> CheckpointJson.read(torn),
                    "a file cut after " + length + " bytes");
        }
        assertEquals("it is empty", refusal(""));
        assertTrue(refusal("{\"version\":1,\"files\":[{\"device\":1,\"ino").startsWith("it is not valid checkpoint JSON"));
    }

    @Test
    void corruptFilesAreRefused() {
        assertTrue(refusal("{not json").startsWith("it is not valid checkpoint JSON"));
        assertTrue(refusal(VALID + "}").startsWith("it is not valid checkpoint JSON"), "bytes after the object");
        assertTrue(refusal(VALID + " {}").startsWith("it is not valid checkpoint JSON"), "a second value");
        assertTrue(refusal("\u0000\u0000\u0000\u0000").startsWith("it is not valid checkpoint JSON"), "NUL blocks");
        assertEquals("it has version none (this release reads version 1)", refusal("[1,2]"));
        assertEquals("it has version none (this release reads version 1)", refusal("\"text\""));
        assertEquals("files[0] is not a JSON object", refusal(VALID.replace("[\n  {", "[null,{")));
        assertEquals("files[1] is not a JSON object", refusal(VALID.replace("}]}", "},7]}")));
        assertEquals("files is {}, not an array", refusal(VALID.replaceFirst("(?s)\\[.*]", "{}")));
    }

    @Test
    void anotherVersionIsRefusedWhateverItsShape() {
        assertEquals("it has version 2 (this release reads version 1)", refusal("{\"version\":2,\"entries\":{}}"));
        assertEquals("it has version 0 (this release reads version 1)", refusal(VALID.replace("\"version\":1", "\"version\":0")));
        assertEquals("it has version \"1\" (this release reads version 1)", refusal(VALID.replace("\"version\":1", "\"version\":\"1\"")));
        assertEquals("it has version 1.0 (this release reads version 1)", refusal(VALID.replace("\"version\":1", "\"version\":1.0")));
        assertEquals("it has version null (this release reads version 1)", refusal(VALID.replace("\"version\":1", "\"version\":null")));
        assertEquals("it has version none (this release reads version 1)", refusal(VALID.replace("\"version\":1,", "")));
    }

    @Test
    void everyMemberIsRequiredAndMayNotBeNull() {
        for (String member : List.of("device", "inode", "fingerprintLength", "fingerprintCrc", "generation", "offset",
                "path", "input")) {
            String missing = VALID.replaceFirst("\"" + member + "\":[^,}]*,?", "").replace(",}", "}");
            assertEquals("files[0]." + member + " is missing", refusal(missing), missing);
            String nulled = VALID.replaceFirst("(\"" + member + "\":)[^,}]*", "$1null");
            assertEquals("files[0]." + member + " is null", refusal(nulled), nulled);
        }
        assertEquals("writtenAt is missing", refusal(VALID.replace("\"writtenAt\":\"2026-01-02T03:04:05Z\",", "")));
        assertEquals("writtenAt is null", refusal(VALID.replace("\"2026-01-02T03:04:05Z\"", "null")));
        assertEquals("files is missing", refusal("{\"version\":1,\"writtenAt\":\"2026-01-02T03:04:05Z\"}"));
        assertEquals("files is null", refusal("{\"version\":1,\"writtenAt\":\"2026-01-02T03:04:05Z\",\"files\":null}"));
    }

    @Test
    void membersMustHaveTheirTypeAndRange() {
        assertEquals("files[0].device is \"1\", not a 64-bit integer", refusal(VALID.replace("\"device\":1", "\"device\":\"1\"")));
        assertEquals("files[0].offset is 6.5, not a 64-bit integer", refusal(VALID.replace("\"offset\":6", "\"offset\":6.5")));
        assertEquals("files[0].inode is 9223372036854775808, not a 64-bit integer",
                refusal(VALID.replace("\"inode\":2", "\"inode\":9223372036854775808")));
        assertEquals("files[0].fingerprintCrc is 4294967295, not a 32-bit integer",
                refusal(VALID.replace("\"fingerprintCrc\":-4", "\"fingerprintCrc\":4294967295")));
        assertEquals("files[0].path is 7, not a string", refusal(VALID.replace("\"/p\"", "7")));
        assertEquals("files[0].input is [\"in\"], not a string", refusal(VALID.replace("\"in\"", "[\"in\"]")));
        assertEquals("writtenAt is \"yesterday\", not an ISO-8601 instant",
                refusal(VALID.replace("2026-01-02T03:04:05Z", "yesterday")));
        assertEquals("files[0] has a negative field in checkpoint entry for /p",
                refusal(VALID.replace("\"generation\":5", "\"generation\":-5")));
    }

    @Test
    void writtenFilesAreUtf8WithoutEscapedNonAscii() throws Exception {
        byte[] bytes = CheckpointJson.write(Instant.EPOCH, List.of(new CheckpointEntry(1, 2, 0, 0, 0, 0, "/caf\u00e9", "a")));
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"path\" : \"/caf\u00e9\""));
        assertArrayEquals(bytes, CheckpointJson.write(Instant.EPOCH, CheckpointJson.read(bytes).entries()));
    }
}
