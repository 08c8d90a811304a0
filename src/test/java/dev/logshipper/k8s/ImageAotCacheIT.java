package dev.logshipper.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the {@code Dockerfile} does, done here with this machine's JDK 25 (there is no Docker engine to build the image):
 * the self-test as AOT training run with the image's options, then the self-test again started like the image's
 * entrypoint with {@code -XX:AOTMode=on}, which makes the JVM refuse to start unless the cache loads with exactly those
 * options.
 */
class ImageAotCacheIT {

    @TempDir
    Path dir;

    @Test
    void theImagesTrainingWritesACacheThatItsEntrypointLoads() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile"));
        Path options = dir.resolve("jvm.options");
        // In the image the error file and tmpdir are /tmp; the same here, the options are taken as they are.
        Files.write(options, dockerfile.jvmOptions());
        Path cache = dir.resolve("log-shipper.aot");
        Path jar = Path.of(System.getProperty("shipper.jar", "target/log-shipper.jar")).toAbsolutePath();

        List<String> training = rewrite(List.of(dockerfile.trainingRun().split(" ")), options, cache, jar);
        Result trained = run(training);
        assertEquals(0, trained.exit, "training run failed:\n" + trained.output);
        assertTrue(trained.output.contains("self-test passed"), trained.output);
        assertTrue(Files.size(cache) > 1_000_000, "no AOT cache written:\n" + trained.output);

        List<String> entrypoint = new ArrayList<>(rewrite(dockerfile.entrypoint(), options, cache, jar));
        entrypoint.add(1, "-XX:AOTMode=on"); // fail instead of starting without the cache
        entrypoint.add("--self-test");
        Result started = run(entrypoint);
        assertEquals(0, started.exit, "the entrypoint's JVM did not start with the cache or the self-test failed:\n"
                + started.output);
        assertTrue(started.output.contains("self-test passed"), started.output);
    }

    /** The image's paths replaced by this test's, and {@code java} by this JDK's launcher. */
    private static List<String> rewrite(List<String> command, Path options, Path cache, Path jar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return command.stream().map(arg -> switch (arg) {
            case "java" -> java;
            case "@/app/jvm.options" -> "@" + options;
            case "/app/log-shipper.jar" -> jar.toString();
            default -> arg.replace("/app/log-shipper.aot", cache.toString());
        }).toList();
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
