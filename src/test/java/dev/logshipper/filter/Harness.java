package dev.logshipper.filter;

import dev.logshipper.config.ConfigException;
import dev.logshipper.config.ConfigLoader;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.record.Acknowledgement;
import dev.logshipper.record.ParsedRecord;
import dev.logshipper.record.RecordSink;
import dev.logshipper.record.RejectReason;
import dev.logshipper.record.SourceFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file's filter stage built from YAML the way the shipper builds it (config loader, then {@link FilterStages}),
 * recording what reaches the next stage and how each record was acknowledged.
 */
final class Harness {

    final RecordingListener listener = new RecordingListener();
    final List<ParsedRecord> passed = new ArrayList<>();
    final AtomicLong nanos = new AtomicLong();
    int delivered;
    private final RecordSink stage;

    /** @param inputYaml the keys of one input, at the input's indentation (four spaces) */
    Harness(String inputYaml) throws ConfigException {
        InputConfig input = new ConfigLoader(Map.of("POD_NAME", "web-1")).parse("inputs:\n  - name: app\n" + inputYaml,
                "test.yaml").inputs().getFirst();
        RecordSink next = (record, ack) -> passed.add(record);
        stage = new FilterStages(List.of(input), f -> next, listener, nanos::get)
                .apply(new SourceFile(Path.of("/logs/app.log"), "app"));
    }

    /** Offers a record; returns whether it was passed on (a dropped one must have been acknowledged as delivered). */
    boolean offer(ParsedRecord record) throws InterruptedException {
        int before = passed.size();
        int deliveredBefore = delivered;
        stage.accept(record, new Acknowledgement() {
            @Override public void delivered() {
                delivered++;
            }

            @Override public void rejected(RejectReason reason) {
                throw new AssertionError("a filter never rejects: " + reason);
            }
        });
        boolean wasPassed = passed.size() > before;
        if (wasPassed == (delivered > deliveredBefore)) {
            throw new AssertionError("a record must be either passed on or acknowledged, exactly one of them");
        }
        return wasPassed;
    }

    boolean offer(String message) throws InterruptedException {
        return offer(record(message, null, Map.of()));
    }

    String lastMessage() {
        ParsedRecord r = passed.getLast();
        return new String(r.message(), 0, r.messageLength(), StandardCharsets.UTF_8);
    }

    static ParsedRecord record(String message, String stream, Map<String, Object> fields) {
        return new ParsedRecord(message.getBytes(StandardCharsets.UTF_8), ParsedRecord.NO_TIMESTAMP, stream, fields, 0,
                message.length() + 1);
    }
}
