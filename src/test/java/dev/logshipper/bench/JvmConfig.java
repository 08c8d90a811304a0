package dev.logshipper.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A named set of JVM flags (and environment variables, such as {@code MALLOC_ARENA_MAX}) the shipper runs with.
 * {@code aot} configurations first train a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, plus method
 * profiles) in a short run with {@code -XX:AOTCacheOutput=} and then start with {@code -XX:AOTCache=}.
 */
record JvmConfig(String name, List<String> flags, Map<String, String> env, boolean aot, String description) {

    JvmConfig(String name, List<String> flags, boolean aot, String description) {
        this(name, flags, Map.of(), aot, description);
    }

    /**
     * The container image's flags, read from pom.xml ({@code jib.jvm.flags}, which the Dockerfile repeats and a test keeps
     * equal), less the file-system ones that only matter in the image.
     */
    static final List<String> IMAGE_FLAGS = imageFlags();
    /** The image's flags with C1 only and the 12 MiB code cache the image had before: the alternative measured. */
    static final List<String> IMAGE_C1_FLAGS = java.util.stream.Stream.concat(IMAGE_FLAGS.stream()
            .map(f -> f.startsWith("-XX:ReservedCodeCacheSize=") ? "-XX:ReservedCodeCacheSize=12m" : f),
            java.util.stream.Stream.of("-XX:TieredStopAtLevel=1")).toList();

    private static List<String> imageFlags() {
        try {
            String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<jib.jvm.flags>([^<]+)</jib.jvm.flags>").matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("pom.xml has no <jib.jvm.flags>");
            }
            return List.of(m.group(1).split(",")).stream().map(String::trim)
                    .filter(f -> !f.startsWith("-XX:ErrorFile") && !f.startsWith("-Djava.io.tmpdir")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("run the bench from the repository root (reads pom.xml)", e);
        }
    }

    static List<JvmConfig> all() {
        return List.of(
                new JvmConfig("serial64", List.of("-XX:+UseSerialGC", "-Xmx64m"), false,
                        "Serial GC, 64 MiB heap (the baseline)"),
                new JvmConfig("g1-48m", List.of("-Xmx48m"), false, "default G1, 48 MiB heap"),
                new JvmConfig("g1-default", List.of(), false, "default G1, default heap (1/4 of RAM)"),
                new JvmConfig("serial64-c1", List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1"), false,
                        "Serial GC, 64 MiB, C1 only"),
                new JvmConfig("image", IMAGE_FLAGS, false, "the container image's flags (pom.xml jib.jvm.flags)"),
                new JvmConfig("image-c1", IMAGE_C1_FLAGS, false, "the image's flags with C1 only (the image before)"),
                new JvmConfig("serial64-aot", List.of("-XX:+UseSerialGC", "-Xmx64m"), true,
                        "Serial GC, 64 MiB, JDK 25 AOT cache"),
                new JvmConfig("image-aot", IMAGE_FLAGS, true, "the image's flags with a JDK 25 AOT cache"),
                new JvmConfig("image-c1-aot", IMAGE_C1_FLAGS, true, "the image's flags with C1 only and an AOT cache"));
    }

    /** This configuration with more flags after its own, named with a {@code +x} so that tables tell them apart. */
    JvmConfig withExtraFlags(List<String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        return withVariant("x", extra);
    }

    /**
     * This configuration with more flags after its own and environment variables ({@code NAME=value} tokens), named
     * {@code name+label}: one side of an A/B comparison ({@code --variants}). An empty label keeps the name.
     */
    JvmConfig withVariant(String label, List<String> tokens) {
        List<String> extraFlags = new java.util.ArrayList<>();
        Map<String, String> extraEnv = new java.util.LinkedHashMap<>(env);
        for (String token : tokens) {
            if (token.isBlank()) {
                continue;
            }
            if (token.matches("[A-Z_][A-Z0-9_]*=.*")) {
                extraEnv.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
            } else {
                extraFlags.add(token);
            }
        }
        return new JvmConfig(label.isEmpty() ? name : name + "+" + label,
                java.util.stream.Stream.concat(flags.stream(), extraFlags.stream()).toList(), Map.copyOf(extraEnv), aot,
                description + (tokens.isEmpty() ? "" : " plus " + String.join(" ", tokens)));
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
