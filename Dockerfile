# syntax=docker/dockerfile:1
#
# log-shipper on the JVM with a JDK 25 AOT cache: the recommended image (first acknowledged event within a second
# of start, as against about two without the cache; docs/performance.md).
#
#   docker build -t log-shipper:0.1.0 .
#   docker run --rm log-shipper:0.1.0 --self-test        # the whole pipeline against a local stand-in endpoint
#
# The jib profile (pom.xml) builds the same image without the AOT cache and without a Docker daemon; jib cannot run
# the training step. The cache is trained in the final image's own JVM, because a cache only loads into the JVM build
# that wrote it (a different JDK update is refused and the JVM simply starts without it).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies first, so editing sources does not download them again (best effort).
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline || true
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package

# The same base as the jib image (pin a digest in your release pipeline).
FROM eclipse-temurin:25-jre-alpine
# The JVM flags of the jib image (pom.xml jib.jvm.flags; a test keeps the two equal), one per line (in double quotes
# where a flag holds a space: the @argfile syntax of the java launcher), less
# -XX:MaxMetaspaceSize which the entrypoint adds: writing the cache needs more class space than the capped run has.
COPY <<EOF /app/jvm.options
-XX:+UseSerialGC
-Xms16m
-Xmx48m
-XX:ReservedCodeCacheSize=24m
-XX:MaxDirectMemorySize=8m
-Xss512k
-XX:+UseCompactObjectHeaders
-XX:TrimNativeHeapInterval=5000
-XX:CompileCommand=quiet
"-XX:CompileCommand=dontinline dev.logshipper.cloudwatch.CloudWatchSink::submit"
"-XX:CompileCommand=dontinline dev.logshipper.multiline.MultilineJoiner::offer"
-XX:+ExitOnOutOfMemoryError
-XX:-UsePerfData
--enable-native-access=ALL-UNNAMED
-XX:ErrorFile=/tmp/hs_err_pid%p.log
-Djava.io.tmpdir=/tmp
EOF
COPY --from=build /build/target/log-shipper.jar /app/log-shipper.jar
# Training run (JEP 514/515): the self-test ships generated raw, multiline, CRI and docker input through the whole
# pipeline; the JVM records the classes it loads and the methods' profiles, and writes the cache at exit.
RUN java @/app/jvm.options -XX:AOTCacheOutput=/app/log-shipper.aot -jar /app/log-shipper.jar --self-test
# Non-root; the same uid as distroless "nonroot", the native image and the pod's securityContext.
USER 65532:65532
EXPOSE 2020
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:MaxMetaspaceSize=40m", "-XX:AOTCache=/app/log-shipper.aot", "-jar", "/app/log-shipper.jar"]
CMD ["--config", "/etc/log-shipper/config.yaml"]
