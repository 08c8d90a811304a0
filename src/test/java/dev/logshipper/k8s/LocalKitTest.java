package dev.logshipper.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The local kit in {@code shipper/} mirrors the pod: the same shipper config apart from the endpoint, the
 * same rotation script, the same JVM flags as the image, and the env the config and the shipper need.
 */
class LocalKitTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
    private static final Path KIT = ROOT.resolve("shipper");

    private static JsonNode compose() {
        return Manifests.readYamlDocuments(KIT.resolve("compose.yaml")).getFirst();
    }

    private static JsonNode service(String name) {
        JsonNode s = compose().path("services").path(name);
        assertTrue(s.isObject(), "compose.yaml has no service " + name);
        return s;
    }

    private static PodWiring nativePod() {
        Manifests m = Manifests.load();
        return new PodWiring(m, ManifestsTest.NATIVE,
                m.deploymentsIn(ManifestsTest.NATIVE).getFirst().getSpec().getTemplate().getSpec());
    }

    @Test
    void kitConfigIsThePodConfigPointedAtLocalStack() throws IOException {
        ObjectNode pod = (ObjectNode) Manifests.YAML.readTree(nativePod().shipperConfigSource().text());
        ObjectNode kit = (ObjectNode) Manifests.YAML.readTree(Files.readString(KIT.resolve("config.yaml")));
        assertEquals("${AWS_ENDPOINT_URL}", kit.path("cloudwatch").path("endpoint").asText());
        ((ObjectNode) kit.get("cloudwatch")).remove(List.of("endpoint", "region"));
        assertEquals(pod, kit, "shipper/config.yaml must equal k8s/configmap.yaml's config apart from endpoint and region");
    }

    @Test
    void kitShipperGetsEveryVariableThePodProvides() throws IOException {
        JsonNode env = service("shipper").path("environment");
        List<String> needed = new ArrayList<>(ManifestChecks.DOWNWARD_API_ENV.keySet());
        needed.add("CLUSTER_NAME");
        Matcher vars = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(Files.readString(KIT.resolve("config.yaml")));
        while (vars.find()) {
            needed.add(vars.group(1));
        }
        for (String name : needed) {
            assertTrue(env.hasNonNull(name), "compose.yaml: the shipper needs env " + name);
        }
        assertEquals("http://localstack:4566", env.path("AWS_ENDPOINT_URL").asText());
    }

    @Test
    void kitRotatesWithThePodsScript() throws IOException {
        String podScript = nativePod().manifests.configMap("logrotate-config").getData().get("rotate.sh");
        assertEquals(podScript, Files.readString(KIT.resolve("logrotate/rotate.sh")),
                "shipper/logrotate/rotate.sh must be k8s/logrotate-configmap.yaml's rotate.sh");
    }

    @Test
    void kitShipperUsesTheImagesJvmFlags() throws IOException {
        List<String> flags = List.of(jibFlags().split(","));
        List<String> command = Manifests.strings(service("shipper").path("command"));
        assertEquals("java", command.getFirst());
        assertEquals(flags, command.subList(1, 1 + flags.size()), "compose shipper flags differ from the image's");
        assertEquals(List.of("-jar", "/app/log-shipper.jar", "--config", "/etc/log-shipper/config.yaml"),
                command.subList(1 + flags.size(), command.size()));
    }

    @Test
    void dockerfileRunsWithTheImagesJvmFlagsAndTrainsItsAotCacheWithThem() throws IOException {
        List<String> flags = List.of(jibFlags().split(","));
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("Dockerfile"));
        List<String> options = dockerfile.jvmArguments();
        String metaspace = flags.stream().filter(f -> f.startsWith("-XX:MaxMetaspaceSize=")).findFirst().orElseThrow();
        assertEquals(flags.stream().filter(f -> !f.equals(metaspace)).toList(), options,
                "Dockerfile's jvm.options must be pom.xml's jib.jvm.flags less " + metaspace);
        assertEquals(List.of("java", "@/app/jvm.options", metaspace, "-XX:AOTCache=/app/log-shipper.aot", "-jar",
                "/app/log-shipper.jar"), dockerfile.entrypoint());
        assertEquals(List.of("--config", PodWiring.DEFAULT_CONFIG_PATH), dockerfile.cmd());
        assertEquals("java @/app/jvm.options -XX:AOTCacheOutput=/app/log-shipper.aot -jar /app/log-shipper.jar --self-test",
                dockerfile.trainingRun(), "the training must run the same jar with the same options as the entrypoint");
        assertEquals("65532:65532", dockerfile.user());
    }

    /**
     * A {@code CompileCommand} naming a method that a refactoring renamed or moved matches nothing, silently: the JVM
     * neither fails nor warns. Each one the image carries must name a method that exists.
     */
    @Test
    void imageCompileCommandsNameMethodsThatExist() throws Exception {
        List<String> commands = new ArrayList<>();
        for (String flag : jibFlags().split(",")) {
            if (flag.startsWith("-XX:CompileCommand=") && !flag.equals("-XX:CompileCommand=quiet")) {
                commands.add(flag.substring("-XX:CompileCommand=".length()));
            }
        }
        assertTrue(!commands.isEmpty(), "the image's flags carry no CompileCommand any more: remove this test");
        for (String command : commands) {
            Matcher m = Pattern.compile("dontinline ([\\w.$]+)::(\\w+)").matcher(command);
            assertTrue(m.matches(), "unexpected CompileCommand form (dontinline <class>::<method>): " + command);
            Class<?> type = Class.forName(m.group(1));
            assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> method.getName().equals(m.group(2))),
                    command + ": " + type.getName() + " declares no method " + m.group(2));
        }
    }

    private static String jibFlags() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<jib\\.jvm\\.flags>([^<]+)</jib\\.jvm\\.flags>").matcher(pom);
        assertTrue(m.find(), "pom.xml has no jib.jvm.flags");
        return m.group(1).trim();
    }

    @Test
    void kitAppWritesWhereTheShipperReads() {
        String appScript = String.join(" ", Manifests.strings(service("app").path("command")));
        assertTrue(appScript.contains("tee -a /var/log/containers/application.log"), appScript);
        for (String name : List.of("app", "logrotate", "shipper")) {
            assertTrue(Manifests.strings(service(name).path("volumes")).contains("logs:/var/log/containers"),
                    name + " must mount the shared logs volume at /var/log/containers");
        }
        assertTrue(PodWiring.globMatches("/var/log/containers/*.log", "/var/log/containers/application.log"));
    }
}
