package dev.logshipper.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.logshipper.Main;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RecordComponentInfo;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Jackson data binding in the shipper's running code: it needs reflection, which a native image has only for the
 * types its metadata registers, and a missing registration shows only at run time (a native checkpoint writer once
 * failed at every interval this way). The running code reads and writes JSON with the streaming parser and generator
 * or the tree model ({@code readTree}). Configuration loading ({@code dev.logshipper.config}) is exempt: its types are
 * registered, which {@link ReachabilityMetadataTest} checks.
 *
 * <p>Checked on the compiled classes: no call of a binding method ({@code readValue}, {@code writeValue*},
 * {@code convertValue}, {@code readerFor}, ...) on an {@code ObjectMapper}, {@code ObjectReader}, {@code ObjectWriter}
 * or {@code ObjectCodec}, no {@code JsonParser.readValueAs} or {@code JsonGenerator.writeObject}/{@code writePOJO},
 * and no Jackson annotation on any class, record component, field, method or parameter.
 */
class NoReflectiveJsonBindingTest {

    /** The package whose binding the native-image metadata covers. */
    private static final String EXEMPT_PACKAGE = "dev/logshipper/config/";

    /** Binding entry points per owner type (the owner in the bytecode may be a subclass, e.g. YAMLMapper). */
    private static final Map<Class<?>, Set<String>> BINDING_METHODS = Map.of(
            ObjectCodec.class, Set.of("readValue", "readValues", "writeValue", "treeToValue", "convertValue"),
            ObjectMapper.class, Set.of("readValue", "readValues", "writeValue", "writeValueAsBytes", "writeValueAsString",
                    "convertValue", "treeToValue", "valueToTree", "updateValue", "readerFor", "readerForUpdating",
                    "readerForArrayOf", "readerForListOf", "readerForMapOf", "writerFor", "reader"),
            ObjectReader.class, Set.of("readValue", "readValues", "treeToValue", "forType", "withType", "withValueToUpdate"),
            ObjectWriter.class, Set.of("writeValue", "writeValueAsBytes", "writeValueAsString", "writeValues", "forType",
                    "withType"),
            JsonParser.class, Set.of("readValueAs", "readValuesAs"),
            JsonGenerator.class, Set.of("writeObject", "writePOJO", "writeObjectField", "writePOJOField"));

    private static final List<String> JACKSON_ANNOTATIONS = List.of("Lcom/fasterxml/jackson/annotation/",
            "Lcom/fasterxml/jackson/databind/annotation/");

    @Test
    void theRunningCodeUsesNoDataBinding() throws IOException, URISyntaxException {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "expected the compiled main classes in a directory: " + classes);
        Set<String> violations = new TreeSet<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith(EXEMPT_PACKAGE)) {
                    violations.addAll(violations(Files.readAllBytes(file)));
                    scanned++;
                }
            }
        }
        assertTrue(scanned > 50, "only " + scanned + " classes found under " + classes);
        assertEquals(Set.of(), violations, "reflective JSON binding outside configuration loading; use JsonParser/"
                + "JsonGenerator or readTree instead (a native image has no reflection metadata for these types)");
    }

    @Test
    void theCheckFindsEveryKindOfBinding() throws IOException {
        List<String> found = new ArrayList<>(violations(classBytes(BindingExamples.class)));
        found.addAll(violations(classBytes(BindingExamples.Annotated.class)));
        for (String expected : List.of("ObjectMapper.readValue", "ObjectMapper.writeValueAsBytes", "ObjectMapper.readerFor",
                "ObjectMapper.convertValue", "ObjectReader.readValue", "ObjectWriter.writeValueAsString",
                "JsonParser.readValueAs", "JsonGenerator.writeObject")) {
            assertTrue(found.stream().anyMatch(v -> v.contains(expected)), expected + " not found in " + found);
        }
        assertTrue(found.stream().anyMatch(v -> v.contains("@JsonProperty")), "annotation not found in " + found);
        assertEquals(List.of(), violations(classBytes(TreeAndStreamingExamples.class)), "tree and streaming are fine");
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static List<String> violations(byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        String owner = model.thisClass().asInternalName().replace('/', '.');
        List<String> found = new ArrayList<>();
        annotations(model.findAttribute(Attributes.runtimeVisibleAnnotations())
                .map(a -> a.annotations()).orElse(List.of()), owner, found);
        model.findAttribute(Attributes.record()).ifPresent(r -> {
            for (RecordComponentInfo component : r.components()) {
                annotations(component.findAttribute(Attributes.runtimeVisibleAnnotations())
                        .map(a -> a.annotations()).orElse(List.of()), owner + "." + component.name(), found);
            }
        });
        for (FieldModel field : model.fields()) {
            annotations(field.findAttribute(Attributes.runtimeVisibleAnnotations())
                    .map(a -> a.annotations()).orElse(List.of()), owner + "." + field.fieldName(), found);
        }
        for (MethodModel method : model.methods()) {
            String where = owner + "." + method.methodName().stringValue();
            annotations(method.findAttribute(Attributes.runtimeVisibleAnnotations())
                    .map(a -> a.annotations()).orElse(List.of()), where, found);
            method.findAttribute(Attributes.runtimeVisibleParameterAnnotations())
                    .ifPresent(p -> p.parameterAnnotations().forEach(list -> annotations(list, where, found)));
            method.code().ifPresent(code -> calls(code, where, found));
        }
        return found;
    }

    private static void annotations(List<Annotation> annotations, String where, List<String> found) {
        for (Annotation a : annotations) {
            String type = a.className().stringValue();
            if (JACKSON_ANNOTATIONS.stream().anyMatch(type::startsWith)) {
                found.add(where + ": @" + type.substring(type.lastIndexOf('/') + 1, type.length() - 1));
            }
        }
    }

    private static void calls(CodeModel code, String where, List<String> found) {
        for (var element : code) {
            if (element instanceof InvokeInstruction call) {
                String owner = call.owner().asInternalName();
                if (!owner.startsWith("com/fasterxml/jackson/")) {
                    continue;
                }
                Class<?> type = load(owner.replace('/', '.'));
                String method = call.name().stringValue();
                if (type != null && BINDING_METHODS.entrySet().stream()
                        .anyMatch(api -> api.getKey().isAssignableFrom(type) && api.getValue().contains(method))) {
                    found.add(where + " calls " + type.getSimpleName() + "." + method);
                }
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NoReflectiveJsonBindingTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** What the check must catch (never run). */
    @SuppressWarnings("unused")
    static final class BindingExamples {
        record Annotated(@JsonProperty("a") int a) {
        }

        static void examples(ObjectMapper m, ObjectReader r, ObjectWriter w, JsonParser p, JsonGenerator g, byte[] b)
                throws IOException {
            m.readValue(b, Annotated.class);
            m.writeValueAsBytes(new Annotated(1));
            m.readerFor(Map.class);
            m.convertValue(b, Map.class);
            r.readValue(b);
            w.writeValueAsString(b);
            p.readValueAs(Map.class);
            g.writeObject(b);
        }
    }

    /** What the running code may do (never run). */
    @SuppressWarnings("unused")
    static final class TreeAndStreamingExamples {
        static void examples(ObjectMapper m, JsonParser p, JsonGenerator g, byte[] b) throws IOException {
            JsonNode tree = m.readTree(b);
            m.getFactory().createParser(b).nextToken();
            p.getText();
            g.writeStartObject();
            g.writeStringField("a", tree.path("a").asText());
            g.writeNumber(p.getDecimalValue());
        }
    }
}
