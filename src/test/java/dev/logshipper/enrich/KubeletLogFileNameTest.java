package dev.logshipper.enrich;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KubeletLogFileNameTest {

    private static final String ID = "3f1c0b8e9d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";

    static Stream<Arguments> kubeletNames() {
        return Stream.of(
                Arguments.of("fargate-log-gen-5c7f8d9b4-x2k8q_logdemo_app-" + ID + ".log",
                        new KubeletLogFileName("fargate-log-gen-5c7f8d9b4-x2k8q", "logdemo", "app", ID)),
                // container names may contain '-' and '_'; the id is the last -<64>.log
                Arguments.of("web-0_default_istio-proxy-" + ID + ".log",
                        new KubeletLogFileName("web-0", "default", "istio-proxy", ID)),
                Arguments.of("coredns-abc.def_kube-system_my_container-" + ID + ".log",
                        new KubeletLogFileName("coredns-abc.def", "kube-system", "my_container", ID)));
    }

    @ParameterizedTest
    @MethodSource("kubeletNames")
    void takesNamesFromAKubeletSymlinkName(String fileName, KubeletLogFileName expected) {
        assertEquals(Optional.of(expected), KubeletLogFileName.parse(Path.of("/var/log/containers", fileName)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "application.log",
            "app_ns_container.log",
            "app_ns_container-" + "abc" + ".log",
            "Upper_ns_c-" + ID + ".log",
            "pod_ns_c-" + ID + ".log.1",
            "pod_ns_c-" + ID + ".log.20240501-101010",
            "_ns_c-" + ID + ".log",
    })
    void otherNamesAreNotKubeletNames(String fileName) {
        assertEquals(Optional.empty(), KubeletLogFileName.parse(Path.of("/var/log/containers", fileName)));
    }
}
