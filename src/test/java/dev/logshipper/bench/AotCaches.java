package dev.logshipper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JDK 25 AOT caches for the {@code aot} JVM configurations, trained once per benchmark invocation the way the container
 * image ({@code Dockerfile}) trains its own: {@code java <flags> -XX:AOTCacheOutput=FILE -jar log-shipper.jar --self-test}
 * (JEP 514's one-step workflow: the JVM records during the run and writes the cache at exit), then the measured runs
 * start with {@code -XX:AOTCache=FILE} and the same flags, as the cache requires.
 */
final class AotCaches {

    private final Path jar;
    private final Path dir;
    private final Map<String, Path> caches = new HashMap<>();

    AotCaches(Path jar, Path workDir) {
        this.jar = jar;
        this.dir = workDir.resolve("aot");
    }

    List<String> flagsFor(JvmConfig jvm) throws IOException, InterruptedException {
        Path cache = caches.get(jvm.name());
        if (cache == null) {
            cache = train(jvm);
            caches.put(jvm.name(), cache);
        }
        List<String> flags = new ArrayList<>(jvm.flags());
        flags.add("-XX:AOTCache=" + cache);
        return flags;
    }

    private Path train(JvmConfig jvm) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cache = dir.resolve(jvm.name() + ".aot").toAbsolutePath();
        Files.deleteIfExists(cache);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Without the metaspace cap: writing the cache needs more class space than a capped run has (it fails with
        // "Unable to allocate from 'ro' region"); the cache then loads fine with the cap (the Dockerfile does the same).
        jvm.flags().stream().filter(f -> !f.startsWith("-XX:MaxMetaspaceSize")).forEach(command::add);
        command.add("-XX:AOTCacheOutput=" + cache);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--self-test"));
        Path log = dir.resolve(jvm.name() + "-training.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(3, TimeUnit.MINUTES);
        if (!done || process.exitValue() != 0 || !Files.isRegularFile(cache)) {
            process.destroyForcibly();
            throw new IOException("AOT training for " + jvm.name() + " failed (see " + log + "): "
                    + (done ? "exit " + process.exitValue() : "timed out") + (Files.isRegularFile(cache) ? "" : ", no cache written"));
        }
        return cache;
    }
}
