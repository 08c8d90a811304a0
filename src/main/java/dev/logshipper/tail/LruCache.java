package dev.logshipper.tail;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entry past {@code maxEntries}: a bounded cache. Not thread-safe. */
final class LruCache<K, V> extends LinkedHashMap<K, V> {

    private final int maxEntries;

    LruCache(int maxEntries) {
        super(256, 0.75f, true);
        this.maxEntries = maxEntries;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxEntries;
    }
}
