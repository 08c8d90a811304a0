package dev.logshipper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The self-test's log files: raw text with Java stack traces, CRI and docker json-file, one record per number, so the
 * endpoint can tell which record each event is ({@link SelfTestEndpoint}), and the podinfo directory. Records are
 * appended by number range: a first run's files, then more lines for the run after the restart.
 */
final class SelfTestInputs {

    /** One input: its name in the config, the container name its stream is named after, its format, its file. */
    record Input(String name, String container, String format, String file) {
    }

    static final List<Input> INPUTS = List.of(
            new Input("raw", "app", "raw", "raw.log"),
            new Input("cri", "sidecar", "cri", "cri.log"),
            new Input("docker", "worker", "docker", "docker.log"));

    private final Path dir;

    SelfTestInputs(Path dir) {
        this.dir = dir;
    }

    /** The downward-API files the enrichment reads. */
    void writePodInfo() throws IOException {
        Path podinfo = Files.createDirectories(dir.resolve("podinfo"));
        Files.writeString(podinfo.resolve("labels"), "app=\"self-test\"\npod-template-hash=\"abc123\"\n");
        Files.writeString(podinfo.resolve("annotations"), "kubernetes.io/config.source=\"api\"\n");
    }

    /** Appends records {@code from} (inclusive) to {@code to} (exclusive) to each input's file (creating it). */
    void append(int from, int to) throws IOException {
        StringBuilder raw = new StringBuilder();
        StringBuilder cri = new StringBuilder();
        StringBuilder docker = new StringBuilder();
        for (int i = from; i < to; i++) {
            String time = "2026-11-25T10:%02d:%02d.%03dZ".formatted(i / 60_000 % 60, i / 1000 % 60, i % 1000);
            if (i % 10 == 0) {
                raw.append("2026-11-25 10:00:00.000 ERROR [main] com.example.App - request ").append(i).append(" failed\n")
                        .append("java.lang.IllegalStateException: \"boom\" ").append(i).append('\n')
                        .append("\tat com.example.App.handle(App.java:42)\n")
                        .append("\tat com.example.App.main(App.java:10)\n")
                        .append("Caused by: java.io.IOException: disk \\ full\n")
                        .append("\t... 2 more\n");
            } else {
                raw.append("2026-11-25 10:00:00.000 INFO [main] com.example.App - handled request ").append(i)
                        .append(" in 3 ms, status=200 path=/api/items/").append(i).append('\n');
            }
            cri.append(time).append(i % 7 == 0 ? " stderr F " : " stdout F ").append("{\"level\":\"info\",\"msg\":\"request ")
                    .append(i).append("\",\"latency_ms\":3}\n");
            docker.append("{\"log\":\"worker ").append(i).append(" done \\u00e9\\n\",\"stream\":\"stdout\",\"time\":\"")
                    .append(time).append("\"}\n");
        }
        append(INPUTS.get(0).file(), raw);
        append(INPUTS.get(1).file(), cri);
        append(INPUTS.get(2).file(), docker);
    }

    private void append(String file, CharSequence text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The record number in an event's message ("request 12", "worker 12"), or -1. */
    static int recordNumber(String message) {
        for (String marker : List.of("request ", "worker ")) {
            int at = message.indexOf(marker);
            if (at >= 0) {
                int start = at + marker.length();
                int end = start;
                while (end < message.length() && end - start < 9 && Character.isDigit(message.charAt(end))) {
                    end++;
                }
                return end == start ? -1 : Integer.parseInt(message, start, end, 10);
            }
        }
        return -1;
    }

    /** The inputs section of the config. */
    String config() {
        StringBuilder yaml = new StringBuilder("inputs:\n");
        for (Input input : INPUTS) {
            yaml.append("  - name: ").append(input.name()).append('\n')
                    .append("    include: [\"").append(dir.resolve(input.file())).append("\"]\n")
                    .append("    format: ").append(input.format()).append('\n')
                    .append("    containerName: ").append(input.container()).append('\n');
            if (input.format().equals("raw")) {
                // Java stack traces joined into one record, sent as a JSON envelope.
                yaml.append("    multiline:\n      rule: java\n      flushTimeout: 200ms\n    message: envelope\n");
            }
        }
        return yaml.toString();
    }
}
