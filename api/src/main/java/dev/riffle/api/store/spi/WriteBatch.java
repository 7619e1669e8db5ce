package dev.riffle.api.store.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes of one task scope, in order, plus the expiry of the puts. A key appears at most once
 * (the runtime's write buffer keeps only the last write of each key). Immutable once built.
 */
public final class WriteBatch {

    /** One write: a put when {@link #value()} is non-null, a delete otherwise. */
    public static final class Write {
        private final byte[] key;
        private final byte[] value;

        Write(byte[] key, byte[] value) {
            this.key = Objects.requireNonNull(key, "key");
            this.value = value;
        }

        public byte[] key() {
            return key;
        }

        /** The value to store, or {@code null} for a delete. */
        public byte[] value() {
            return value;
        }

        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Write> writes;
    private final long ttlMs;

    private WriteBatch(List<Write> writes, long ttlMs) {
        this.writes = Collections.unmodifiableList(writes);
        this.ttlMs = ttlMs;
    }

    /** A batch builder; {@code ttlMs <= 0} means puts never expire. */
    public static Builder builder(long ttlMs) {
        return new Builder(ttlMs);
    }

    /** An empty batch (a commit that only moves the checkpoint). */
    public static WriteBatch empty() {
        return new WriteBatch(new ArrayList<>(), 0);
    }

    public List<Write> writes() {
        return writes;
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }

    public int size() {
        return writes.size();
    }

    /** Expiry of the puts after this write, in milliseconds; {@code 0} when they never expire. */
    public long ttlMs() {
        return ttlMs;
    }

    /** Collects writes; not thread-safe. */
    public static final class Builder {
        private final List<Write> writes = new ArrayList<>();
        private final long ttlMs;

        private Builder(long ttlMs) {
            this.ttlMs = Math.max(0, ttlMs);
        }

        public Builder put(byte[] key, byte[] value) {
            writes.add(new Write(key, Objects.requireNonNull(value, "value")));
            return this;
        }

        public Builder delete(byte[] key) {
            writes.add(new Write(key, null));
            return this;
        }

        public WriteBatch build() {
            return new WriteBatch(new ArrayList<>(writes), ttlMs);
        }
    }
}
