package dev.riffle.examples.visitors;

import dev.riffle.api.store.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Expires a task's visitor entries ({@code v:<visitor>}, the bucket the visitor was last seen in) in event
 * time, in the same commit as the counts, so that no wall-clock TTL is needed: the state is bounded by the
 * visitors of the kept buckets (window plus lateness), however long the job is stopped.
 *
 * <p>Once a visitor's bucket is older than the oldest kept bucket, its entry can no longer change a count: an
 * event of the visitor is then counted exactly as one of a new visitor. To find those entries without scanning
 * the store, every batch writes, per bucket its visitors moved to, one index chunk {@code m:<bucket>:<i>}
 * listing them, and the number of chunks {@code n:<bucket>}. When a bucket leaves the kept range, its chunks are
 * read, the listed visitors whose entry still points before the kept range are deleted, and so are the chunks.
 * Pure store logic over the task's store; the task calls it on its thread.
 */
final class VisitorExpiry {

    private final KeyValueStore<String, String> store;
    /** Bucket to the number of index chunks it has in the store. */
    private final TreeMap<Long, Integer> chunks = new TreeMap<>();

    VisitorExpiry(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Reads the chunk counts of buckets {@code from..to} (the kept range) after a restart. */
    void restore(long from, long to) {
        chunks.clear();
        final List<String> keys = new ArrayList<>();
        for (long b = from; b <= to; b++) {
            keys.add("n:" + b);
        }
        store.getAll(keys).forEach((k, v) -> chunks.put(Long.parseLong(k.substring(2)), Integer.parseInt(v)));
    }

    /**
     * Indexes the visitors whose entry a batch moved, by the bucket they moved to.
     *
     * @param lastSeen the bucket each visitor was last seen in, after the batch
     * @param writes the batch's writes, to which the chunks and their counts are added
     */
    void indexMoved(List<String> moved, Map<String, Long> lastSeen, Map<String, String> writes) {
        final Map<Long, StringBuilder> byBucket = new HashMap<>();
        // A visitor may have moved more than once in the batch: listed once, at its last bucket.
        for (String visitor : new HashSet<>(moved)) {
            encode(byBucket.computeIfAbsent(lastSeen.get(visitor), b -> new StringBuilder()), visitor);
        }
        byBucket.forEach((bucket, listed) -> {
            final int next = chunks.getOrDefault(bucket, 0);
            writes.put("m:" + bucket + ":" + next, listed.toString());
            writes.put("n:" + bucket, Integer.toString(next + 1));
            chunks.put(bucket, next + 1);
        });
    }

    /**
     * Deletes the entries of visitors last seen before {@code oldestKept}, and the index of those buckets. Call
     * after the batch's writes are in the store (they are read back through it), so that a visitor the batch
     * moved keeps its entry.
     *
     * @return how many visitor entries were deleted
     */
    int expireBefore(long oldestKept) {
        final NavigableMap<Long, Integer> old = chunks.headMap(oldestKept, false);
        if (old.isEmpty()) {
            return 0;
        }
        final List<String> chunkKeys = new ArrayList<>();
        final List<String> deletes = new ArrayList<>();
        old.forEach((bucket, count) -> {
            for (int i = 0; i < count; i++) {
                chunkKeys.add("m:" + bucket + ":" + i);
            }
            deletes.add("n:" + bucket);
        });
        deletes.addAll(chunkKeys);
        final List<String> visitorKeys = new ArrayList<>();
        for (String listed : store.getAll(chunkKeys).values()) {
            for (String visitor : decode(listed)) {
                visitorKeys.add("v:" + visitor);
            }
        }
        int expired = 0;
        for (Map.Entry<String, String> entry : store.getAll(visitorKeys).entrySet()) {
            if (Long.parseLong(entry.getValue()) < oldestKept) {
                deletes.add(entry.getKey());
                expired++;
            }
        }
        store.deleteAll(deletes);
        old.clear();
        return expired;
    }

    /** Length-prefixed, since a visitor id may hold any character: {@code <length>:<id>} per visitor. */
    static void encode(StringBuilder listed, String visitor) {
        listed.append(visitor.length()).append(':').append(visitor);
    }

    static List<String> decode(String listed) {
        final List<String> visitors = new ArrayList<>();
        int i = 0;
        while (i < listed.length()) {
            final int colon = listed.indexOf(':', i);
            final int length = Integer.parseInt(listed.substring(i, colon));
            visitors.add(listed.substring(colon + 1, colon + 1 + length));
            i = colon + 1 + length;
        }
        return visitors;
    }
}
