package dev.logshipper;

import dev.logshipper.config.ConfigException;
import dev.logshipper.config.ConfigKeys;
import dev.logshipper.config.ConfigLoader;
import dev.logshipper.config.EffectiveConfigPrinter;
import dev.logshipper.config.ShipperConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.ToIntFunction;

/**
 * The command line, kept out of {@link Main} so it can be tested without exiting the JVM: parses the arguments,
 * loads the config, and returns the process exit code. Output goes to the injected streams only.
 *
 * <p>Exit codes: {@value #OK} success, {@value #USAGE_OR_CONFIG_ERROR} bad arguments or an unusable config; when
 * running, whatever the shipper returns.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int USAGE_OR_CONFIG_ERROR = 2;
    /** Used when neither {@code --config} nor {@code SHIPPER_CONFIG} names a file. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/log-shipper/config.yaml");
    static final String VERSION_RESOURCE = "/dev/logshipper/version.properties";

    static final String USAGE = """
            Usage: java -jar log-shipper.jar [--config FILE] [--check-config]
                   java -jar log-shipper.jar --self-test | --version | --help

            Tails log files and ships them to CloudWatch Logs (or stdout).

              --config FILE    the YAML config file; default $SHIPPER_CONFIG, else /etc/log-shipper/config.yaml
              --check-config   validate the config, print the effective settings (secrets masked) and exit:
                               0 if it is valid, 2 with every error otherwise
              --self-test      ship generated files (raw + Java traces, cri, docker) to a local stand-in for
                               CloudWatch Logs through the whole pipeline, no AWS or config needed; exit 0
                               when every event arrived (also the image's AOT-cache training run)
              --version        print the version and exit
              --help           print this help and exit

            Any scalar key can be overridden by an environment variable SHIPPER_<KEY_PATH>, e.g.
            SHIPPER_CLOUDWATCH_LOG_GROUP for cloudwatch.logGroup; SHIPPER_INPUT_INCLUDE (comma-separated)
            replaces the first input's include globs.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ToIntFunction<ShipperConfig> shipper;

    /**
     * @param env     the environment: {@code SHIPPER_CONFIG}, {@code SHIPPER_*} overrides and {@code ${VAR}} values
     * @param shipper runs the shipper with a valid config and returns its exit code (production: {@code Shipper::run})
     */
    public Cli(PrintStream out, PrintStream err, Map<String, String> env, ToIntFunction<ShipperConfig> shipper) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.shipper = shipper;
    }

    /** Runs the command line and returns the exit code. */
    public int run(String... args) {
        Optional<Arguments> parsed = parse(args);
        if (parsed.isEmpty()) {
            err.print(USAGE);
            return USAGE_OR_CONFIG_ERROR;
        }
        Arguments a = parsed.get();
        if (a.help) {
            out.print(USAGE);
            return OK;
        }
        if (a.version) {
            out.println("log-shipper " + version());
            return OK;
        }
        if (a.selfTest) {
            return new SelfTest(out, err).run();
        }
        Path file = a.config != null ? Path.of(a.config)
                : Optional.ofNullable(env.get(ConfigKeys.CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of)
                        .orElse(DEFAULT_CONFIG_FILE);
        ShipperConfig config;
        try {
            config = new ConfigLoader(env).load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE_OR_CONFIG_ERROR;
        }
        if (a.checkConfig) {
            out.println("# " + file + ": configuration is valid; effective settings (secrets masked):");
            out.print(EffectiveConfigPrinter.toYaml(config));
            return OK;
        }
        return shipper.applyAsInt(config);
    }

    /** The project version from the build-filtered resource, or {@code unknown} in an unfiltered build. */
    static String version() {
        try (InputStream in = Cli.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Optional<Arguments> parse(String[] args) {
        Arguments a = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> a.help = true;
                case "--version" -> a.version = true;
                case "--check-config" -> a.checkConfig = true;
                case "--self-test" -> a.selfTest = true;
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        err.println("log-shipper: --config needs a file name");
                        return Optional.empty();
                    }
                    if (!setConfig(a, args[++i])) {
                        return Optional.empty();
                    }
                }
                default -> {
                    if (arg.startsWith("--config=") && setConfig(a, arg.substring("--config=".length()))) {
                        continue;
                    }
                    if (!arg.startsWith("--config=")) {
                        err.println("log-shipper: unknown argument " + arg);
                    }
                    return Optional.empty();
                }
            }
        }
        return Optional.of(a);
    }

    private boolean setConfig(Arguments a, String file) {
        if (a.config != null) {
            err.println("log-shipper: --config given twice");
            return false;
        }
        if (file.isBlank()) {
            err.println("log-shipper: --config needs a file name");
            return false;
        }
        a.config = file;
        return true;
    }

    /** The parsed flags; mutable only while parsing. */
    private static final class Arguments {
        boolean help;
        boolean version;
        boolean checkConfig;
        boolean selfTest;
        String config;
    }
}
