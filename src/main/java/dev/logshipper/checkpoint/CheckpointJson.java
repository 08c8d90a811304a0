package dev.logshipper.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of the checkpoint file, written with Jackson's streaming generator and read through its tree model:
 *
 * <pre>
 * {
 *   "version" : 1,
 *   "writtenAt" : "2026-01-02T03:04:05.678Z",
 *   "files" : [ {
 *     "device" : 64769, "inode" : 1234, "fingerprintLength" : 1024, "fingerprintCrc" : -889275714,
 *     "generation" : 0, "offset" : 987654, "path" : "/var/log/containers/app.log", "input" : "app"
 *   } ]
 * }</pre>
 * and, added since: top-level {@code "listedAt"} (an instant, optional) and per entry {@code "source"} (a path,
 * written only when it differs from {@code "path"}; read as {@code "path"} when absent).
 * (each member on its own line in the file). No data binding on purpose: binding a class needs reflection, which a
 * native image has only for registered types, and there a checkpoint writer that fails persists no offset at all.
 *
 * <p>Rules that keep files readable across releases of the same {@link #VERSION}:
 * <ul>
 *   <li>unknown members are ignored, at the top level and in entries, so a release may add members;</li>
 *   <li>every member listed above is required, with the JSON type written here (no nulls, integers in range);</li>
 *   <li>a member added later must be optional on read, with a default for files written before it existed:
 *       {@code long size = m.has("size") ? m.longValue("size") : -1;}.</li>
 * </ul>
 * A file that breaks a rule is not partly used: {@link #read} rejects it whole with the reason.
 */
final class CheckpointJson {
    private static final int VERSION = 1;

    private static final String VERSION_KEY = "version";
    private static final String WRITTEN_AT = "writtenAt";
    private static final String FILES = "files";
    private static final String DEVICE = "device";
    private static final String INODE = "inode";
    private static final String FINGERPRINT_LENGTH = "fingerprintLength";
    private static final String FINGERPRINT_CRC = "fingerprintCrc";
    private static final String GENERATION = "generation";
    private static final String OFFSET = "offset";
    private static final String PATH = "path";
    private static final String INPUT = "input";
    private static final String SOURCE = "source";
    private static final String LISTED_AT = "listedAt";

    /** Tree model only (readTree), never data binding; trailing bytes after the object mean a damaged file. */
    private static final ObjectMapper TREE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CheckpointJson() {
    }

    /** Why a checkpoint file cannot be used; the message completes "the file is unusable because ...". */
    static final class InvalidCheckpointException extends Exception {
        InvalidCheckpointException(String why) {
            super(why, null, false, false);
        }
    }

    /** The file's bytes, pretty-printed (one member a line, readable by an operator). */
    static byte[] write(Instant writtenAt, List<CheckpointEntry> entries) throws IOException {
        return write(writtenAt, Optional.empty(), entries);
    }

    /** With {@code listedAt}: the start of the directory listing the entries reflect (see {@link LoadedCheckpoint}). */
    static byte[] write(Instant writtenAt, Optional<Instant> listedAt, List<CheckpointEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 256 * entries.size());
        try (JsonGenerator g = TREE.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField(VERSION_KEY, VERSION);
            g.writeStringField(WRITTEN_AT, writtenAt.toString());
            if (listedAt.isPresent()) {
                g.writeStringField(LISTED_AT, listedAt.get().toString());
            }
            g.writeArrayFieldStart(FILES);
            for (CheckpointEntry e : entries) {
                g.writeStartObject();
                g.writeNumberField(DEVICE, e.device());
                g.writeNumberField(INODE, e.inode());
                g.writeNumberField(FINGERPRINT_LENGTH, e.fingerprintLength());
                g.writeNumberField(FINGERPRINT_CRC, e.fingerprintCrc());
                g.writeNumberField(GENERATION, e.generation());
                g.writeNumberField(OFFSET, e.offset());
                g.writeStringField(PATH, e.path());
                g.writeStringField(INPUT, e.input());
                if (!e.source().equals(e.path())) {
                    g.writeStringField(SOURCE, e.source());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Parses and validates a whole file. */
    static LoadedCheckpoint read(byte[] bytes) throws InvalidCheckpointException {
        JsonNode root;
        try {
            root = TREE.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidCheckpointException("it is not valid checkpoint JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidCheckpointException("it is empty");
        }
        JsonNode version = root.get(VERSION_KEY);
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            // Checked before the rest: another version may have another shape, and this is the reason to report.
            throw new InvalidCheckpointException("it has version " + (version == null ? "none" : version)
                    + " (this release reads version " + VERSION + ")");
        }
        Members top = Members.of(root, "it", "");
        Instant writtenAt = top.instant(WRITTEN_AT);
        Optional<Instant> listedAt = top.has(LISTED_AT) ? Optional.of(top.instant(LISTED_AT)) : Optional.empty();
        JsonNode files = top.array(FILES);
        List<CheckpointEntry> entries = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String name = FILES + "[" + i + "]";
            entries.add(entry(Members.of(files.get(i), name, name + "."), name));
        }
        return new LoadedCheckpoint(entries, Optional.of(writtenAt), listedAt);
    }

    private static CheckpointEntry entry(Members m, String name) throws InvalidCheckpointException {
        long device = m.longValue(DEVICE);
        long inode = m.longValue(INODE);
        int fingerprintLength = m.intValue(FINGERPRINT_LENGTH);
        int fingerprintCrc = m.intValue(FINGERPRINT_CRC);
        long generation = m.longValue(GENERATION);
        long offset = m.longValue(OFFSET);
        String path = m.string(PATH);
        String input = m.string(INPUT);
        String source = m.has(SOURCE) ? m.string(SOURCE) : path;
        try {
            return new CheckpointEntry(device, inode, fingerprintLength, fingerprintCrc, generation, offset, path, input,
                    source);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(name + " has a " + e.getMessage());
        }
    }

    /** Strict typed access to the members of one JSON object; {@code where} prefixes every complaint. */
    private record Members(JsonNode object, String where) {
        static Members of(JsonNode node, String name, String where) throws InvalidCheckpointException {
            if (!node.isObject()) {
                throw new InvalidCheckpointException(name + " is not a JSON object");
            }
            return new Members(node, where);
        }

        boolean has(String name) {
            return object.has(name);
        }

        long longValue(String name) throws InvalidCheckpointException {
            JsonNode value = present(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrong(name, value, "a 64-bit integer");
            }
            return value.longValue();
        }

        int intValue(String name) throws InvalidCheckpointException {
            JsonNode value = present(name);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw wrong(name, value, "a 32-bit integer");
            }
            return value.intValue();
        }

        String string(String name) throws InvalidCheckpointException {
            JsonNode value = present(name);
            if (!value.isTextual()) {
                throw wrong(name, value, "a string");
            }
            return value.textValue();
        }

        Instant instant(String name) throws InvalidCheckpointException {
            String text = string(name);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw wrong(name, object.get(name), "an ISO-8601 instant");
            }
        }

        JsonNode array(String name) throws InvalidCheckpointException {
            JsonNode value = present(name);
            if (!value.isArray()) {
                throw wrong(name, value, "an array");
            }
            return value;
        }

        private JsonNode present(String name) throws InvalidCheckpointException {
            JsonNode value = object.get(name);
            if (value == null) {
                throw new InvalidCheckpointException(where + name + " is missing");
            }
            if (value.isNull()) {
                throw new InvalidCheckpointException(where + name + " is null");
            }
            return value;
        }

        private InvalidCheckpointException wrong(String name, JsonNode value, String expected) {
            String text = value.toString();
            return new InvalidCheckpointException(where + name + " is " + (text.length() > 80 ? text.substring(0, 80) + "..."
                    : text) + ", not " + expected);
        }
    }
}
