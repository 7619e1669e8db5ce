package dev.riffle.yarn.am.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ring buffer of the job's throughput, so the page's chart has history even when it was just
 * opened: every {@link #sample} turns the containers' cumulative record counts into records per
 * second since the previous sample, in total and per logical container, and keeps the newest
 * {@code capacity} samples.
 *
 * <p>A container's counter restarts at zero when YARN relaunches it (a new YARN container id) or
 * when it goes down; its count since the relaunch is then the delta, never a negative rate.
 * Thread-safe.
 */
public final class ThroughputHistory {

    /** A container's cumulative record count as its last heartbeat reported it. */
    public record Counter(String container, String instance, long records) {
    }

    /** Records per second over the interval ending at {@code timeMs}. */
    public record Sample(long timeMs, double total, Map<String, Double> containers) {
    }

    private record Seen(String instance, long records) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples;
    private final Map<String, Seen> previous = new HashMap<>();
    private long previousMs = -1;

    public ThroughputHistory(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A throughput history needs room for at least one sample, not " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    /**
     * Adds a sample computed against the previous call. The first call only sets the baseline; a
     * call at the same or an earlier time than the previous one is ignored.
     */
    public synchronized void sample(final long nowMs, final List<Counter> counters) {
        if (previousMs >= 0 && nowMs <= previousMs) {
            return;
        }
        final boolean baseline = previousMs < 0;
        final double seconds = (nowMs - previousMs) / 1000.0;
        final Map<String, Double> rates = new TreeMap<>();
        double total = 0;
        for (Counter c : counters) {
            final Seen before = previous.get(c.container());
            final long delta;
            if (before == null || !before.instance().equals(String.valueOf(c.instance())) || c.records() < before.records()) {
                // First sight, or a relaunched container counting from zero again.
                delta = before == null ? 0 : c.records();
            } else {
                delta = c.records() - before.records();
            }
            previous.put(c.container(), new Seen(String.valueOf(c.instance()), c.records()));
            if (!baseline) {
                final double rate = delta / seconds;
                rates.put(c.container(), rate);
                total += rate;
            }
        }
        previousMs = nowMs;
        if (baseline) {
            return;
        }
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(nowMs, total, rates));
    }

    /** The samples held, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** The document of {@code GET /api/history}: {@code {"capacity":..,"samples":[{"t":..,"total":..,"containers":{..}}]}}. */
    public Map<String, Object> toJson() {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (Sample s : samples()) {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("t", s.timeMs());
            entry.put("total", round(s.total()));
            final Map<String, Object> perContainer = new LinkedHashMap<>();
            s.containers().forEach((k, v) -> perContainer.put(k, round(v)));
            entry.put("containers", perContainer);
            list.add(entry);
        }
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("capacity", capacity);
        doc.put("samples", list);
        return doc;
    }

    private static double round(final double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
