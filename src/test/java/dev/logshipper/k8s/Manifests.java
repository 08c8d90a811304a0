package dev.logshipper.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every file directly in {@code k8s/}, parsed: Kubernetes manifests as fabric8 model objects (multi-document
 * aware, unknown fields rejected so a typo such as {@code restartPolicyy} cannot pass silently), the
 * kustomization and the eksctl ClusterConfig as YAML trees, and the IAM policy as JSON. Or the output of
 * {@code kubectl kustomize} ({@link #rendered}): the subdirectories hold a kustomize component and examples that
 * are only meaningful rendered ({@link SidecarComponentTest}).
 *
 * <p>Each call to {@link #load} parses afresh, so a test may mutate what it gets.
 */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    /** fabric8's model classes carry Jackson 3 annotations ({@code KubernetesDeserializer} picks the kind). */
    static final JsonMapper KUBERNETES = JsonMapper.builder().build();

    /** The manifests directory; surefire runs with the module directory as {@code basedir}. */
    static Path directory() {
        return Path.of(System.getProperty("basedir", ".")).resolve("k8s");
    }

    final Path dir;
    /** Kubernetes objects per file name (relative to {@link #dir}), in document order. */
    final Map<String, List<HasMetadata>> objectsByFile;
    final JsonNode kustomization;
    final JsonNode eksctlCluster;
    final JsonNode iamPolicy;

    private Manifests(Path dir, Map<String, List<HasMetadata>> objectsByFile, JsonNode kustomization,
            JsonNode eksctlCluster, JsonNode iamPolicy) {
        this.dir = dir;
        this.objectsByFile = objectsByFile;
        this.kustomization = kustomization;
        this.eksctlCluster = eksctlCluster;
        this.iamPolicy = iamPolicy;
    }

    static Manifests load() {
        return load(directory());
    }

    static Manifests load(Path dir) {
        assertTrue(Files.isDirectory(dir), "no manifests directory at " + dir.toAbsolutePath());
        Map<String, List<HasMetadata>> objects = new LinkedHashMap<>();
        JsonNode kustomization = null;
        JsonNode eksctl = null;
        JsonNode iam = null;
        for (Path file : files(dir)) {
            String name = dir.relativize(file).toString();
            if (name.endsWith(".json")) {
                JsonNode node = readJson(file);
                assertTrue(node.has("Statement"), name + " is the only JSON file expected: an IAM policy");
                assertTrue(iam == null, "more than one IAM policy: " + name);
                iam = node;
                continue;
            }
            List<HasMetadata> fileObjects = new ArrayList<>();
            for (JsonNode doc : readYamlDocuments(file)) {
                String apiVersion = doc.path("apiVersion").asText("");
                if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
                    assertTrue(kustomization == null, "more than one kustomization: " + name);
                    kustomization = doc;
                } else if (apiVersion.startsWith("eksctl.io/")) {
                    assertTrue(eksctl == null, "more than one eksctl ClusterConfig: " + name);
                    eksctl = doc;
                } else {
                    fileObjects.add(toKubernetesObject(name, doc));
                }
            }
            if (!fileObjects.isEmpty()) {
                objects.put(name, fileObjects);
            }
        }
        assertNotNull(kustomization, "k8s/ has no kustomization.yaml");
        assertNotNull(eksctl, "k8s/ has no eksctl ClusterConfig");
        assertNotNull(iam, "k8s/ has no IAM policy document");
        return new Manifests(dir, objects, kustomization, eksctl, iam);
    }

    /**
     * The Kubernetes objects {@code kubectl kustomize} printed, under the one "file" name {@code source}; no
     * kustomization, eksctl ClusterConfig or IAM policy (the whole-directory checks do not apply).
     */
    static Manifests rendered(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : readYamlDocuments(source, yaml)) {
            objects.add(toKubernetesObject(source, doc));
        }
        JsonNode none = JSON.missingNode();
        return new Manifests(Path.of(source), Map.of(source, objects), JSON.createObjectNode(), none, none);
    }

    /** All YAML and JSON files directly in the directory, sorted, so failures are reproducible. */
    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.list(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return fail(file + " is not valid JSON: " + e.getMessage());
        }
    }

    static List<JsonNode> readYamlDocuments(Path file) {
        try {
            return readYamlDocuments(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> readYamlDocuments(String file, String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            fail(file + " is not valid YAML: " + e.getMessage());
        }
        assertFalse(docs.isEmpty(), file + " holds no YAML document");
        return docs;
    }

    private static HasMetadata toKubernetesObject(String file, JsonNode doc) {
        assertTrue(doc instanceof ObjectNode && doc.has("apiVersion") && doc.has("kind"),
                file + ": every document needs apiVersion and kind");
        KubernetesResource resource;
        try {
            // fabric8 8 binds with Jackson 3; the YAML was read with Jackson 2 (the project's), so hand it
            // over as JSON text.
            resource = KUBERNETES.readValue(JSON.writeValueAsString(doc), KubernetesResource.class);
        } catch (IOException | JacksonException e) {
            return fail(file + ": not a Kubernetes object: " + e.getMessage());
        }
        assertFalse(resource instanceof GenericKubernetesResource,
                file + ": unknown kind " + doc.get("apiVersion").asText() + "/" + doc.get("kind").asText());
        assertTrue(resource instanceof HasMetadata, file + ": " + resource.getClass() + " has no metadata");
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, doc.get("kind").asText(), unknown, new IdentityHashMap<>());
        assertTrue(unknown.isEmpty(), file + ": fields the Kubernetes API does not know: " + unknown);
        return (HasMetadata) resource;
    }

    /**
     * fabric8 model classes keep unknown YAML keys in {@code additionalProperties} instead of failing;
     * walks the object graph and reports every such key with its path.
     */
    private static void collectUnknownFields(Object node, String path, List<String> unknown, Map<Object, Object> seen) {
        if (node == null || seen.put(node, node) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue; // computed getters (e.g. Quantity amounts) may throw; they hold no YAML keys
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            collectUnknownFields(value, path + "." + field, unknown, seen);
        }
    }

    /** Every Kubernetes object, in file order. */
    List<HasMetadata> all() {
        return objectsByFile.values().stream().flatMap(List::stream).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The Deployments in one file. */
    List<Deployment> deploymentsIn(String file) {
        List<HasMetadata> objects = objectsByFile.get(file);
        assertNotNull(objects, "no Kubernetes objects in " + file);
        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).toList();
        assertFalse(deployments.isEmpty(), "no Deployment in " + file);
        return deployments;
    }

    Namespace namespace() {
        List<Namespace> namespaces = all(Namespace.class);
        assertTrue(namespaces.size() == 1, "expected exactly one Namespace, found " + namespaces.size());
        return namespaces.getFirst();
    }

    ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseGet(() -> fail("no ConfigMap named " + name));
    }

    ServiceAccount serviceAccount(String name) {
        return all(ServiceAccount.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseGet(() -> fail("no ServiceAccount named " + name));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** File names (relative to {@link #dir}) of every YAML file, whatever it holds. */
    Set<String> yamlFileNames() {
        return files(dir).stream().map(p -> dir.relativize(p).toString())
                .filter(n -> !n.endsWith(".json"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
