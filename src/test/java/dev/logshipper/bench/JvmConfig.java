package dev.logshipper.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A named set of JVM flags the shipper runs with. {@code aot} configurations first train a JDK 25 AOT cache
 * (JEP 483/514/515: classes loaded and linked, plus method profiles) in a short run with {@code -XX:AOTCacheOutput=}
 * and then start with {@code -XX:AOTCache=}.
 */
record JvmConfig(String name, List<String> flags, boolean aot, String description) {

    /** The container image's flags (pom.xml, jib profile), less the file-system ones that only matter in the image. */
    static final List<String> IMAGE_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx40m", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m", "-XX:MaxDirectMemorySize=16m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

    static List<JvmConfig> all() {
        return List.of(
                new JvmConfig("serial64", List.of("-XX:+UseSerialGC", "-Xmx64m"), false,
                        "Serial GC, 64 MiB heap (the baseline)"),
                new JvmConfig("g1-48m", List.of("-Xmx48m"), false, "default G1, 48 MiB heap"),
                new JvmConfig("g1-default", List.of(), false, "default G1, default heap (1/4 of RAM)"),
                new JvmConfig("serial64-c1", List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1"), false,
                        "Serial GC, 64 MiB, C1 only"),
                new JvmConfig("image", IMAGE_FLAGS, false, "the container image's flags (Serial, 40 MiB, C1 only)"),
                new JvmConfig("serial64-aot", List.of("-XX:+UseSerialGC", "-Xmx64m"), true,
                        "Serial GC, 64 MiB, JDK 25 AOT cache"),
                new JvmConfig("image-aot", IMAGE_FLAGS, true, "the image's flags with a JDK 25 AOT cache"));
    }

    static JvmConfig baseline() {
        return all().getFirst();
    }

    static List<JvmConfig> select(String names) {
        if (names == null || names.isBlank()) {
            return List.of(baseline());
        }
        if (names.equals("all")) {
            return all();
        }
        Map<String, JvmConfig> byName = all().stream().collect(Collectors.toMap(JvmConfig::name, Function.identity()));
        return List.of(names.split(",")).stream().map(String::trim).map(n -> {
            JvmConfig c = byName.get(n.toLowerCase(Locale.ROOT));
            if (c == null) {
                throw new IllegalArgumentException("unknown JVM configuration '" + n + "'; known: " + byName.keySet());
            }
            return c;
        }).toList();
    }
}
