package dev.logshipper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.logshipper.config.ShipperConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<ShipperConfig> shipped = new ArrayList<>();
    private Path validConfig;
    private Path invalidConfig;

    @BeforeEach
    void writeConfigs() throws Exception {
        validConfig = Files.writeString(dir.resolve("ok.yaml"), """
                output: stdout
                cloudwatch:
                  kmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
                  tags: {team: logs, api-token: s3cr3t-value}
                server: {port: 2021}
                """);
        invalidConfig = Files.writeString(dir.resolve("bad.yaml"), """
                inputs: [{format: xml}]
                cloudwatch: {retentionDays: 8, logGroupp: x}
                server: {port: 70000}
                """);
    }

    private int run(Map<String, String> env, String... args) {
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, config -> {
                    shipped.add(config);
                    return 7;
                });
        return cli.run(args);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheShipperWithTheLoadedConfigAndReturnsItsExitCode() {
        assertEquals(7, run("--config", validConfig.toString()));
        assertEquals(1, shipped.size());
        assertEquals(2021, shipped.getFirst().server().port());
        assertEquals("", out());
        assertEquals("", err());
    }

    @Test
    void acceptsConfigWithEquals() {
        assertEquals(7, run("--config=" + validConfig));
        assertEquals(2021, shipped.getFirst().server().port());
    }

    @Test
    void withoutConfigUsesShipperConfigFromTheEnvironment() {
        assertEquals(7, run(Map.of("SHIPPER_CONFIG", validConfig.toString())));
        assertEquals(2021, shipped.getFirst().server().port());
    }

    @Test
    void withoutConfigOrShipperConfigUsesTheDefaultPath() {
        // The test machine has no /etc/log-shipper/config.yaml; the error must name the path it tried.
        if (Files.exists(Cli.DEFAULT_CONFIG_FILE)) {
            return;
        }
        assertEquals(2, run());
        assertTrue(err().startsWith("/etc/log-shipper/config.yaml: 1 configuration error"), err());
        assertTrue(err().contains("config file not found"), err());
    }

    @Test
    void checkConfigPrintsTheEffectiveSettingsMaskedAndExitsZero() {
        assertEquals(0, run("--check-config", "--config", validConfig.toString()));
        assertEquals(List.of(), shipped, "--check-config must not start the shipper");
        String printed = out();
        assertTrue(printed.startsWith("# " + validConfig + ": configuration is valid"), printed);
        assertTrue(printed.contains("port: 2021"), printed);
        assertTrue(printed.contains("output: stdout"), printed);
        assertTrue(printed.contains("maxInFlight: 4"), printed);
        assertTrue(printed.contains("team: logs"), printed);
        assertFalse(printed.contains("s3cr3t-value"), printed);
        assertFalse(printed.contains("123456789012"), printed);
        assertTrue(printed.contains("********90ab"), printed);
        assertEquals("", err());
    }

    @Test
    void checkConfigPrintsEveryErrorAndExitsTwo() {
        assertEquals(2, run("--config", invalidConfig.toString(), "--check-config"));
        String errors = err();
        assertTrue(errors.startsWith(invalidConfig + ": 4 configuration errors"), errors);
        assertTrue(errors.contains("inputs[0].format: \"xml\" is not one of raw, json, cri, docker"), errors);
        assertTrue(errors.contains("cloudwatch.retentionDays: 8 is not one of 1, 3, 5, 7, 14"), errors);
        assertTrue(errors.contains("cloudwatch.logGroupp: unknown key"), errors);
        assertTrue(errors.contains("server.port: 70000 is not between 0 and 65535"), errors);
        assertEquals("", out());
    }

    @Test
    void anInvalidConfigDoesNotStartTheShipper() {
        assertEquals(2, run("--config", invalidConfig.toString()));
        assertEquals(List.of(), shipped);
        assertTrue(err().contains("server.port"), err());
    }

    @Test
    void yamlSyntaxErrorsExitTwoWithLineAndColumn() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "server:\n  port: [2020\n");
        assertEquals(2, run("--check-config", "--config", broken.toString()));
        assertTrue(err().matches("(?s)" + java.util.regex.Pattern.quote(broken.toString())
                + ": 1 configuration error\\R  - invalid YAML: line \\d+, column \\d+: .+"), err());
    }

    @Test
    void aMissingConfigFileExitsTwo() {
        assertEquals(2, run("--config", dir.resolve("missing.yaml").toString()));
        assertTrue(err().contains("missing.yaml: 1 configuration error"), err());
        assertTrue(err().contains("config file not found"), err());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out().matches("log-shipper \\d+\\.\\d+\\.\\d+\\S*\\R"), out());
    }

    @Test
    void helpPrintsUsageToStdout() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: java -jar log-shipper.jar"), out());
        assertTrue(out().contains("--check-config"), out());
        assertEquals("", err());
    }

    @Test
    void unknownArgumentsPrintUsageToStderrAndExitTwo() {
        assertEquals(2, run("--verbose"));
        assertTrue(err().startsWith("log-shipper: unknown argument --verbose"), err());
        assertTrue(err().contains("Usage: java -jar log-shipper.jar"), err());
        assertEquals("", out());
        assertEquals(List.of(), shipped);
    }

    @Test
    void badConfigArgumentsExitTwo() {
        assertEquals(2, run("--config"));
        assertTrue(err().startsWith("log-shipper: --config needs a file name"), err());
        err.reset();
        assertEquals(2, run("--config", "a.yaml", "--config", "b.yaml"));
        assertTrue(err().startsWith("log-shipper: --config given twice"), err());
        err.reset();
        assertEquals(2, run("--config="));
        assertTrue(err().startsWith("log-shipper: --config needs a file name"), err());
    }
}
