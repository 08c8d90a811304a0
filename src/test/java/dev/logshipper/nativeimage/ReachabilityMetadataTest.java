package dev.logshipper.nativeimage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.config.ShipperConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written native-image metadata stays true to the code: every registered type exists, every
 * configuration record and enum is registered (a new one without metadata would bind to nothing in the
 * native binary), every resource glob matches a resource, and the options the container needs are set.
 * This cannot prove the native binary works; docs/shipping.md says what was verified where.
 */
class ReachabilityMetadataTest {

    private static final String DIR = "META-INF/native-image/dev.logshipper/log-shipper/";

    private static JsonNode metadata() throws IOException {
        try (InputStream in = ReachabilityMetadataTest.class.getClassLoader()
                .getResourceAsStream(DIR + "reachability-metadata.json")) {
            assertNotNull(in, "no " + DIR + "reachability-metadata.json on the class path");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyRegisteredTypeExists() throws IOException {
        for (JsonNode entry : metadata().path("reflection")) {
            String type = entry.path("type").asText();
            assertFalse(type.isEmpty(), "reflection entry without a type: " + entry);
            assertTrue(entry.hasNonNull("reason"), type + ": say why it is registered");
            assertDoesNotThrow(() -> Class.forName(type, false, getClass().getClassLoader()), type + " does not exist");
            for (JsonNode method : entry.path("methods")) {
                if (method.path("name").asText().equals("<init>") && method.path("parameterTypes").isEmpty()) {
                    assertDoesNotThrow(() -> Class.forName(type, false, getClass().getClassLoader()).getDeclaredConstructor(),
                            type + " has no no-arg constructor");
                }
            }
        }
    }

    @Test
    void everyConfigurationRecordAndEnumIsRegistered() throws IOException {
        Set<String> registered = new HashSet<>();
        metadata().path("reflection").forEach(e -> registered.add(e.path("type").asText()));
        Set<String> missing = new TreeSet<>();
        if (!registered.contains(ShipperConfig.class.getName())) {
            missing.add(ShipperConfig.class.getName());
        }
        Arrays.stream(ShipperConfig.class.getDeclaredClasses())
                .filter(c -> c.isRecord() || c.isEnum())
                .map(Class::getName)
                .filter(n -> !registered.contains(n))
                .forEach(missing::add);
        assertEquals(Set.of(), missing, "configuration types without native-image metadata");
    }

    @Test
    void everyResourceGlobMatchesAResource() throws IOException {
        for (JsonNode entry : metadata().path("resources")) {
            String glob = entry.path("glob").asText();
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            String probe = glob.contains("*") ? glob.replace("*", "cloudwatchlogs") : glob;
            // The one wildcard we use stands for a service name; probe it with the service we call.
            assertTrue(matcher.matches(Path.of(probe)), glob);
            if (!glob.contains("execution.interceptors")) {
                assertNotNull(getClass().getClassLoader().getResource(probe), "no resource " + probe);
            }
        }
    }

    /**
     * The native image can only make the downcalls whose function descriptors (and linker options) were registered at
     * build time: the list in the metadata must be exactly what the tailer's {@code LinuxCalls} links. That class is
     * package-private to the tailer, so its table is read reflectively.
     */
    @Test
    void everyForeignDowncallIsRegistered() throws Exception {
        Linker linker = Linker.nativeLinker();
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : metadata().path("foreign").path("downcalls")) {
            List<MemoryLayout> parameters = new ArrayList<>();
            entry.path("parameterTypes").forEach(p -> parameters.add(canonical(linker, p.asText())));
            FunctionDescriptor descriptor = FunctionDescriptor.of(canonical(linker, entry.path("returnType").asText()),
                    parameters.toArray(MemoryLayout[]::new));
            assertTrue(Set.of("captureCallState").containsAll(names(entry.path("options"))), entry.toString());
            assertTrue(registered.add(descriptor + " errno=" + entry.path("options").path("captureCallState").asBoolean()),
                    "registered twice: " + entry);
        }
        Field field = Class.forName("dev.logshipper.tail.LinuxCalls").getDeclaredField("DESCRIPTORS");
        field.setAccessible(true);
        Set<String> linked = new TreeSet<>();
        ((Map<?, ?>) field.get(null)).forEach((descriptor, errno) ->
                ((List<?>) errno).forEach(e -> linked.add(descriptor + " errno=" + e)));
        assertEquals(linked, registered);
    }

    private static MemoryLayout canonical(Linker linker, String name) {
        MemoryLayout layout = linker.canonicalLayouts().get(name);
        assertNotNull(layout, name + " is no canonical layout of this platform's linker");
        return layout;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void containerOptionsAreSet() throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DIR + "native-image.properties")) {
            assertNotNull(in, "no native-image.properties");
            p.load(in);
        }
        String args = p.getProperty("Args", "");
        assertTrue(args.contains("--install-exit-handlers"), "SIGTERM must run shutdown hooks in the native binary");
        assertFalse(args.contains("--initialize-at-build-time"), "build-time init would freeze build-machine env into the binary");
    }
}
