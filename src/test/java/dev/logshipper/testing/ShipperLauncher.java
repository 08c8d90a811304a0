package dev.logshipper.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the shipper jar as users run it - {@code java <flags> -jar log-shipper.jar --config FILE}, this JDK's launcher,
 * no shell in between (so the process's pid is the JVM's) - for the end-to-end tests and the benchmark alike. The
 * child gets this process's environment without the variables that would change what it does ({@code AWS_*},
 * {@code SHIPPER_*}, {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}), plus {@code env}.
 */
public final class ShipperLauncher {

    private ShipperLauncher() {
    }

    public static Process start(Path jar, List<String> jvmFlags, Path config, Path workDir, Map<String, String> env,
            Path stdout, Path stderr) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SHIPPER_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return builder.start();
    }
}
