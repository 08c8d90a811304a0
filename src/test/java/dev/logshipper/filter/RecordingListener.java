package dev.logshipper.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the filters report, by "input/filter/reason" and "input/pattern". */
final class RecordingListener implements FilterListener {

    final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public Count filtered(String input, String filter, String reason) {
        AtomicLong c = counts.computeIfAbsent(input + "/" + filter + "/" + reason, k -> new AtomicLong());
        return c::addAndGet;
    }

    @Override
    public Count redactions(String input, String pattern) {
        AtomicLong c = counts.computeIfAbsent(input + "/" + pattern, k -> new AtomicLong());
        return c::addAndGet;
    }

    long count(String key) {
        AtomicLong c = counts.get(key);
        if (c == null) {
            throw new AssertionError("no counter " + key + "; registered: " + counts.keySet());
        }
        return c.get();
    }
}
