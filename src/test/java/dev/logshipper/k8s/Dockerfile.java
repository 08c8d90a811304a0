package dev.logshipper.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few instructions of the JVM image's {@code Dockerfile} that tests check (no Docker here to build it): the
 * {@code jvm.options} heredoc, the AOT training {@code RUN}, {@code USER}, {@code ENTRYPOINT} and {@code CMD} of the
 * final stage (exec form, JSON arrays).
 */
record Dockerfile(List<String> jvmOptions, String trainingRun, String user, List<String> entrypoint, List<String> cmd) {

    static Dockerfile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> options = new ArrayList<>();
        String training = null;
        String user = null;
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("COPY <<EOF /app/jvm.options")) {
                for (i++; !lines.get(i).strip().equals("EOF"); i++) {
                    options.add(lines.get(i).strip());
                }
            } else if (line.startsWith("RUN java ") && line.contains("AOTCacheOutput")) {
                training = line.substring("RUN ".length());
            } else if (line.startsWith("USER ")) {
                user = line.substring("USER ".length()).strip();
            } else if (line.startsWith("ENTRYPOINT ")) {
                entrypoint = json(line.substring("ENTRYPOINT ".length()));
            } else if (line.startsWith("CMD ")) {
                cmd = json(line.substring("CMD ".length()));
            }
        }
        return new Dockerfile(List.copyOf(options), training, user, entrypoint, cmd);
    }

    /**
     * The JVM's arguments from {@link #jvmOptions()}, as the launcher reads its {@code @argfile}: one per line here, with
     * the double quotes around a flag that holds a space removed.
     */
    List<String> jvmArguments() {
        return jvmOptions.stream()
                .map(o -> o.length() > 1 && o.startsWith("\"") && o.endsWith("\"") ? o.substring(1, o.length() - 1) : o)
                .toList();
    }

    private static List<String> json(String array) throws IOException {
        return List.of(new ObjectMapper().readValue(array, String[].class));
    }
}
