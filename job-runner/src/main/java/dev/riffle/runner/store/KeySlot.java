package dev.riffle.runner.store;

/**
 * What one task's store knows of one key: the write buffered since the last commit, the write sealed for
 * a commit in flight (both {@link WriteBuffer}'s) and the value the backend holds ({@link ReadCache}'s).
 * One object per key in one map, so that a read or a write looks its key up once and a commit that lands
 * moves values within their slots (docs/benchmarks.md, fifth session). A slot with none of the three
 * leaves the map. Single-threaded.
 */
final class KeySlot {

    final ByteKey key;
    /** The write since the last seal or flush, {@link WriteBuffer}'s delete mark, or null. */
    byte[] pending;
    /** The write sealed for a commit in flight, {@link WriteBuffer}'s delete mark, or null. */
    byte[] sealed;
    /** What the backend holds, {@link ReadCache}'s absent mark, or null when unknown. */
    byte[] cached;
    /** Whether the slot is in the cache's eviction order. */
    boolean queued;

    KeySlot(final ByteKey key) {
        this.key = key;
    }

    boolean isEmpty() {
        return pending == null && sealed == null && cached == null;
    }
}
