package dev.logshipper.bench;

import java.util.Map;

/**
 * One run of one workload with one JVM configuration. Figures that do not apply to the workload are null.
 *
 * @param seconds process start (or, for live-written workloads, writer start) to the last acknowledgement
 * @param steadySeconds first to last acknowledgement (JVM start-up excluded)
 * @param mibPerSecond input bytes / {@code seconds}, in MiB/s (input bytes: the files, newlines included)
 * @param steadyMiBPerSecond the input acknowledged after the first acknowledgement / {@code steadySeconds}
 * @param cpuSeconds the shipper's user + system CPU from start to the last acknowledgement
 * @param systemCpuSeconds the system (kernel) part of {@code cpuSeconds}
 * @param cpuSecondsPerGiB {@code cpuSeconds} per GiB of input
 * @param steadyCpuSecondsPerGiB CPU from the first to the last acknowledgement, per GiB acknowledged in that time
 * @param peakRssMiB the shipper's VmHWM at the last acknowledgement (STEADY and IDLE: at the end of the window)
 * @param rssMiB STEADY and IDLE: the shipper's VmRSS at the end of the window
 * @param firstAckMillis process start to the endpoint's first accepted PutLogEvents
 * @param cpuPercentOfCore LATENCY: average over the written period; IDLE and STEADY: over the window (1% of a core is 10
 *     millicores)
 * @param endpointCpuSeconds the fake endpoint's CPU during the run (its own cost, not the shipper's)
 * @param cpuByThread the shipper's CPU seconds per thread name at the last acknowledgement (JIT, GC, our threads); IDLE and
 *     STEADY: in the window
 * @param memoryMiB with {@code --memory}: resident MiB by part ({@link MemoryBreakdown}) at the last acknowledgement or at
 *     the end of the window; else null
 */
record Measurement(String workload, String jvm, int run, String loadAverages, long inputBytes, long expectedEvents,
                   long acceptedEvents, boolean allArrived, Double seconds, Double steadySeconds, Double mibPerSecond,
                   Double steadyMiBPerSecond, Double eventsPerSecond, Double cpuSeconds, Double systemCpuSeconds, Double cpuSecondsPerGiB, Double steadyCpuSecondsPerGiB,
                   Double peakRssMiB, Double rssMiB, Long firstAckMillis, Long latencyP50Millis, Long latencyP99Millis,
                   Long latencyMaxMillis, Long latencySamples, Double cpuPercentOfCore, Double endpointCpuSeconds,
                   String endpointMode, long putRequests, int exitCode, String note, Map<String, Double> cpuByThread,
                   Map<String, Double> memoryMiB) {
}
