package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.WriteBatch;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryingBackendTest {

    /** Fails the first {@code failures} calls of every kind with {@code failure}, then succeeds. */
    private static final class Flaky implements ScopedBackend {
        private final StoreException failure;
        private int failures;
        int calls;

        Flaky(int failures, StoreException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        private void maybeFail() {
            calls++;
            if (failures > 0) {
                failures--;
                throw failure;
            }
        }

        @Override
        public List<byte[]> getAll(List<byte[]> keys) {
            maybeFail();
            return List.of(new byte[] {1});
        }

        @Override
        public void write(WriteBatch batch) {
            maybeFail();
        }

        @Override
        public void commit(WriteBatch batch, long generation, byte[] checkpoint) {
            maybeFail();
        }

        @Override
        public long claim() {
            maybeFail();
            return 1;
        }

        @Override
        public Optional<byte[]> readCheckpoint() {
            maybeFail();
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "store test of task t";
        }
    }

    private final StoreMetrics metrics = new StoreMetrics("test");

    private RetryingBackend retrying(Flaky backend, long budgetMs) {
        return new RetryingBackend(backend, new RetryingBackend.Policy(1, 4, budgetMs), metrics);
    }

    @Test
    void shouldRetryRetriableFailuresUntilTheCallSucceeds() {
        final Flaky backend = new Flaky(3, new StoreException("connection refused", true));

        retrying(backend, 10_000).write(WriteBatch.empty());

        assertThat(backend.calls).isEqualTo(4);
        assertThat(metrics.retries()).isEqualTo(3);
    }

    @Test
    void shouldNotRetryFailuresThatCannotHeal() {
        final Flaky backend = new Flaky(1, new StoreException("WRONGTYPE", false));

        assertThatThrownBy(() -> retrying(backend, 10_000).getAll(List.of(new byte[] {1})))
                .hasMessage("WRONGTYPE");
        assertThat(backend.calls).isEqualTo(1);
    }

    @Test
    void shouldNeverRetryAFencedCommit() {
        final Flaky backend = new Flaky(1, new FencedException("generation 3 is stale"));

        assertThatThrownBy(() -> retrying(backend, 10_000).commit(WriteBatch.empty(), 3, new byte[0]))
                .isInstanceOf(FencedException.class);
        assertThat(backend.calls).isEqualTo(1);
    }

    @Test
    void shouldGiveUpWithTheRetriableFailureOnceTheBudgetIsSpent() {
        final Flaky backend = new Flaky(Integer.MAX_VALUE, new StoreException("connection refused", true));

        assertThatThrownBy(() -> retrying(backend, 50).claim())
                .isInstanceOf(StoreException.class).matches(e -> ((StoreException) e).isRetriable());
        assertThat(backend.calls).isGreaterThan(1);
    }
}
