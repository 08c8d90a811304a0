package dev.logshipper.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shipper's configuration and environment for one run: one input over the workload's directory, CloudWatch output
 * to the fake endpoint, checkpoints and pod metadata in the run directory. Everything else keeps its default
 * (flush interval 1 s, 4 calls in flight, 8 MiB buffer, 256 KiB reads), because the defaults are what users get.
 */
final class ShipperSetup {

    static final String LOG_GROUP_NAMESPACE = "bench";

    private ShipperSetup() {
    }

    /** Writes {@code runDir/config.yaml} and the downward-API files; returns the config path. */
    static Path write(Path runDir, Path logDir, Workload workload, URI endpoint) throws IOException {
        Path podinfo = Files.createDirectories(runDir.resolve("podinfo"));
        Files.writeString(podinfo.resolve("labels"), "app=\"checkout\"\npod-template-hash=\"7d4b9c\"\nteam=\"payments\"\n");
        Files.writeString(podinfo.resolve("annotations"), "kubernetes.io/config.source=\"api\"\n");
        String input = workload.inputYaml().isBlank() ? "" : "\n" + workload.inputYaml().indent(4).stripTrailing();
        String yaml = """
                inputs:
                  - name: bench
                    include: ["%s/*.log"]
                    containerName: app%s
                output: cloudwatch
                cloudwatch:
                  region: us-east-1
                  endpoint: %s
                  logGroup: "/bench/{namespace}"
                  logStream: "{pod_name}/{container_name}"
                checkpoint:
                  directory: %s/checkpoints
                kubernetes:
                  cluster: bench-cluster
                  podInfoDirectory: %s
                server:
                  bindAddress: 127.0.0.1
                  port: 0
                """.formatted(logDir, input, endpoint, runDir, podinfo);
        Path config = runDir.resolve("config.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** Credentials the fake accepts and the downward-API variables a pod would have. */
    static Map<String, String> environment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", FakeEndpoint.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", FakeEndpoint.SECRET_KEY,
                "AWS_REGION", "us-east-1",
                "POD_NAME", "checkout-7d4b9c-x2x9q",
                "POD_NAMESPACE", LOG_GROUP_NAMESPACE,
                "POD_UID", "0b7d1c2e-0000-4000-8000-000000000001",
                "NODE_NAME", "fargate-ip-10-0-1-23.ec2.internal");
    }
}
