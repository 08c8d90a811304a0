package dev.logshipper.cloudwatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory transport for unit tests: records what each call carried and answers from a script (default: accept). */
final class RecordingTransport implements PutLogEventsTransport {

    record SentEvent(long timestamp, String message, int length) {
    }

    record SentBatch(String group, String stream, List<SentEvent> events, long accountedBytes) {
    }

    /** One scripted answer; null outcome with a non-null error means throw it. */
    record Answer(PutOutcome outcome, IOException error) {
    }

    final List<SentBatch> batches = new CopyOnWriteArrayList<>();
    final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    final List<Integer> attemptSizes = new CopyOnWriteArrayList<>();
    /** Refuse any batch containing this message with InvalidParameterException. */
    volatile String poison;

    @Override
    public PutOutcome put(Batch batch) throws IOException {
        attemptSizes.add(batch.count());
        Answer answer = script.poll();
        if (answer != null) {
            if (answer.error() != null) {
                throw answer.error();
            }
            if (answer.outcome() instanceof PutOutcome.Failed) {
                return answer.outcome();
            }
        }
        List<SentEvent> events = new ArrayList<>();
        for (int i = 0; i < batch.count(); i++) {
            String m = new String(batch.message(i), batch.offset(i), batch.length(i), StandardCharsets.UTF_8);
            if (m.equals(poison)) {
                return new PutOutcome.Failed(400, ErrorTypes.INVALID_PARAMETER, "bad event");
            }
            events.add(new SentEvent(batch.timestamp(i), m, batch.length(i)));
        }
        batches.add(new SentBatch(batch.destination.logGroup(), batch.destination.logStream(), events,
                batch.accountedBytes()));
        return answer != null ? answer.outcome() : PutOutcome.Accepted.ALL;
    }

    List<String> messages() {
        List<String> all = new ArrayList<>();
        for (SentBatch b : batches) {
            for (SentEvent e : b.events()) {
                all.add(e.message());
            }
        }
        return all;
    }
}
