package dev.logshipper.ops;

import dev.logshipper.checkpoint.FileKey;
import dev.logshipper.cloudwatch.DeliveryListener.RetryReason;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.enrich.EnrichListener;
import dev.logshipper.filter.FilterListener;
import dev.logshipper.multiline.FlushReason;
import dev.logshipper.parse.RecordStageListener;
import dev.logshipper.record.Destination;
import dev.logshipper.record.RejectReason;
import dev.logshipper.tail.FileStatus;
import dev.logshipper.tail.TailListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics as Prometheus sees them: drives every listener method, scrapes, and checks the series against
 * docs/metrics.md in both directions (every documented series is exported; every exported logshipper_ series is
 * documented), and that units land where Prometheus conventions put them.
 */
class ShipperMetricsTest {

    private static final Path DOC = Path.of("docs", "metrics.md");
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z0-9_]+)(?:\\{[^`]*})?` \\| (counter|gauge|histogram|summary) \\|");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    /** Exported only after the JVM's first collection, which a test JVM may not have had yet. */
    private static final Set<String> AFTER_FIRST_GC = Set.of("jvm_gc_pause_seconds");

    private final Health health = new Health();
    private final ShipperMetrics metrics = new ShipperMetrics(health);

    @AfterEach
    void close() {
        metrics.close();
    }

    /** Calls every method of every listener the registry implements, and registers every gauge. */
    private void driveEverything() {
        TailListener tail = metrics.tailListener();
        Path path = Path.of("/var/log/containers/app.log");
        tail.linesRead("app", 3, 600);
        tail.nulBytesSkipped("app", 7);
        tail.longLineSplit("app", 2);
        tail.partialLineEmitted("app");
        tail.fileOpened("app", path);
        tail.fileClosed("app", path);
        tail.fileRotated("app", path);
        tail.fileTruncated("app", path);
        tail.truncatedRestRecovered("app", path, 10);
        tail.bytesLost("app", path, 5);
        tail.readError("app", path, new IOException("boom"));
        tail.recordRejected("app", RejectReason.TOO_OLD);
        tail.checkpointWritten(1, 1_000_000);
        tail.checkpointFailed(new IOException("disk full"));

        RecordStageListener record = metrics.recordListener();
        record.lineIn(Format.JSON);
        record.recordOut(Format.JSON, 3);
        record.multilineJoined(3);
        record.recordFlushed(FlushReason.TIMEOUT);
        record.parseFailure(Format.JSON);
        record.timestampUnparsable(Format.JSON);
        record.invalidUtf8Replaced(2);
        record.leadingNulsStripped(4);
        record.partialLineSplit(Format.CRI);
        record.partialLinesJoined(Format.CRI, 2);
        record.blankLineSkipped(Format.RAW);
        record.recordAbandoned();

        EnrichListener enrich = metrics.enrichListener();
        enrich.podInfoLineMalformed("labels");
        enrich.podInfoReloaded();
        enrich.podInfoReadFailed("annotations");
        enrich.emptyMessageRejected();
        enrich.envelopeFieldDropped("log");
        enrich.mergeJsonLogUnparsable();

        FilterListener filter = metrics.filterListener();
        filter.filtered("app", "filters[0].drop", "match").add(2);
        filter.redactions("app", "email").add(1);

        Destination destination = new Destination("/app", "pod/app");
        metrics.batchSent(destination, 10, 2_000, 30_000_000);
        for (RetryReason reason : RetryReason.values()) {
            metrics.retried(reason, 5_000_000);
        }
        for (RejectReason reason : RejectReason.values()) {
            metrics.rejected(reason, 1);
        }
        metrics.split(3);
        metrics.clamped(RejectReason.TOO_OLD);
        metrics.created("group");

        metrics.deliveryGauges(() -> 3_000, () -> 1_000, 8 << 20, () -> 1);
        FileStatus file = new FileStatus("app", path, new FileKey(1, 2), 0, 1_000, 900, 800, true, false);
        metrics.tailGauges(() -> List.of(file), List.of("app", "idle"), () -> 4_000);
    }

    /** name -> value of each sample line (labels included in the key). */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    /** Metric family names of the samples: histogram/summary sample suffixes folded into their family. */
    private static Set<String> families(Map<String, Double> samples, Set<String> documented) {
        Set<String> families = new TreeSet<>();
        for (String key : samples.keySet()) {
            String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
                String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
                if (base != null && documented.contains(base)) {
                    name = base;
                }
            }
            families.add(name);
        }
        return families;
    }

    private static Map<String, String> documented() throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = DOC_ROW.matcher(line);
            if (m.find()) {
                names.put(m.group(1), m.group(2));
            }
        }
        assertTrue(names.size() > 40, DOC + " lists too few series: " + names.keySet());
        return names;
    }

    @Test
    void everyDocumentedSeriesIsExportedAndEveryExportedOneIsDocumented() throws IOException {
        driveEverything();
        String scrape = metrics.scrape();
        Map<String, String> documented = documented();
        Set<String> exported = families(samples(scrape), documented.keySet());

        List<String> missing = new ArrayList<>();
        for (String name : documented.keySet()) {
            if (!exported.contains(name) && !AFTER_FIRST_GC.contains(name)) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "documented in " + DOC + " but not exported");

        List<String> undocumented = new ArrayList<>();
        for (String name : exported) {
            if ((name.startsWith("logshipper_") || name.startsWith("process_")) && !documented.containsKey(name)) {
                undocumented.add(name);
            }
        }
        assertEquals(List.of(), undocumented, "exported but missing from " + DOC);
    }

    @Test
    void documentedTypesMatchTheScrape() throws IOException {
        driveEverything();
        String scrape = metrics.scrape();
        for (Map.Entry<String, String> e : documented().entrySet()) {
            if (AFTER_FIRST_GC.contains(e.getKey()) && !scrape.contains("# TYPE " + e.getKey() + " ")) {
                continue;
            }
            assertTrue(scrape.contains("# TYPE " + e.getKey() + " " + e.getValue() + "\n"),
                    e.getKey() + " is documented as a " + e.getValue());
        }
    }

    @Test
    void namesFollowPrometheusConventions() {
        driveEverything();
        String scrape = metrics.scrape();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("# TYPE ")) {
                continue;
            }
            String[] parts = line.split(" ");
            String name = parts[2];
            String type = parts[3];
            if (type.equals("counter")) {
                assertTrue(name.endsWith("_total"), name);
            }
            // A unit appears once, as the last word before _total: no read_total counting bytes, no ns, no _bytes_bytes.
            assertFalse(name.matches(".*_(ns|ms|millis|nanos|kib|mib)(_total)?"), name + " is not in a base unit");
            assertFalse(name.matches(".*_bytes_.*bytes.*|.*_seconds_.*seconds.*"), name);
        }
        Map<String, Double> samples = samples(scrape);
        // Byte counters carry the unit (the bug this guards against: a baseUnit-less byte counter exported as _total).
        assertEquals(600.0, samples.get("logshipper_read_bytes_total{input=\"app\"}"));
        assertEquals(2_000.0, samples.get("logshipper_sent_bytes_total"));
        assertEquals(5.0, samples.get("logshipper_lost_bytes_total{input=\"app\"}"));
        assertEquals(4.0, samples.get("logshipper_checkpoint_age_seconds"));
        assertEquals(200.0, samples.get("logshipper_file_lag_bytes{input=\"app\",path=\"/var/log/containers/app.log\"}"));
        assertEquals(1.0, samples.get("logshipper_files_tailed{input=\"app\"}"));
        assertEquals(0.0, samples.get("logshipper_files_tailed{input=\"idle\"}"), "an input without files shows as 0");
        assertEquals(0.03, samples.get("logshipper_put_log_events_duration_seconds_sum") - 6 * 0.005, 1e-9);
        assertTrue(samples.containsKey("logshipper_put_log_events_duration_seconds_bucket{le=\"0.025\"}"), scrape);
        assertTrue(samples.containsKey("process_cpu_seconds_total"), scrape);
        assertFalse(scrape.contains("process_cpu_time_ns_total"), scrape);
    }

    @Test
    void everyRejectReasonIsExportedBeforeAnyRejection() {
        Map<String, Double> samples = samples(metrics.scrape());
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(0.0, samples.get("logshipper_events_rejected_total{reason=\"" + reason.label() + "\"}"), reason.label());
        }
        for (RetryReason reason : RetryReason.values()) {
            assertEquals(0.0, samples.get("logshipper_retries_total{reason=\"" + reason.label() + "\"}"), reason.label());
        }
    }

    @Test
    void countsLandInTheirSeries() {
        driveEverything();
        Map<String, Double> samples = samples(metrics.scrape());
        assertEquals(3.0, samples.get("logshipper_lines_read_total{input=\"app\"}"));
        assertEquals(10.0, samples.get("logshipper_events_sent_total"));
        assertEquals(1.0, samples.get("logshipper_batches_total{outcome=\"accepted\"}"));
        assertEquals(RetryReason.values().length, samples.get("logshipper_batches_total{outcome=\"failed\"}"));
        assertEquals(2.0, samples.get("logshipper_events_rejected_total{reason=\"empty\"}"), "sink and enrich stage");
        assertEquals(1.0, samples.get("logshipper_multiline_flushes_total{reason=\"timeout\"}"));
        assertEquals(1.0, samples.get("logshipper_parse_failures_total{format=\"json\"}"));
        assertEquals(3_000.0, samples.get("logshipper_buffered_bytes"));
        assertEquals(1_000.0, samples.get("logshipper_in_flight_bytes"));
        assertEquals(8 << 20, samples.get("logshipper_buffer_limit_bytes"));
    }

    @Test
    void retriesMarkDeliveryFailingExceptAMissingStreamBeingCreated() {
        metrics.retried(RetryReason.NOT_FOUND, 1);
        health.started();
        assertEquals("", health.lastError());
        metrics.retried(RetryReason.THROTTLED, 1);
        assertEquals("delivery: throttled", health.lastError());
    }
}
