package dev.riffle.examples.visitors;

import java.util.Arrays;

/**
 * One task's share of the count: per time bucket, how many of the task's visitors were last seen in
 * it (or how many events fell into it), for the window that ends at the task's newest event.
 * Visitors are partitioned by id, so every visitor belongs to exactly one task and the shares of all
 * tasks add up to the global count without double counting.
 *
 * <p>{@code version} is the task's input position when the share was taken. Processing is
 * deterministic, so the same version always carries the same share; the aggregator ignores a share
 * whose version is not newer than the one it has (replays after a restart).
 *
 * @param task the task's partition
 * @param version the next input offset of the task's partition of the visits topic
 * @param maxTs the newest event time the task has accepted, epoch ms
 * @param firstBucket the bucket index of {@code counts[0]}
 * @param counts count per bucket, oldest first
 */
public record Partial(int task, long version, long maxTs, long firstBucket, long[] counts) {

    /** The newest bucket with an event (the last of {@code counts}), or -1 before the first event. */
    public long lastBucket() {
        return maxTs < 0 ? -1 : firstBucket + counts.length - 1;
    }

    /** The sum of this share's counts over the buckets {@code [from, to]}. */
    public long sum(long fromBucket, long toBucket) {
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            final long bucket = firstBucket + i;
            if (bucket >= fromBucket && bucket <= toBucket) {
                total += counts[i];
            }
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partial p && p.task == task && p.version == version && p.maxTs == maxTs
                && p.firstBucket == firstBucket && Arrays.equals(p.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(version) * 17 + task;
    }

    @Override
    public String toString() {
        return "Partial[task=" + task + ", version=" + version + ", maxTs=" + maxTs + ", firstBucket="
                + firstBucket + ", counts=" + Arrays.toString(counts) + "]";
    }
}
