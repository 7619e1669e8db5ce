package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.WriteBatch;
import dev.riffle.runner.protocol.TaskReport;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MeteredBackendTest {

    /** Answers reads; fails every claim. */
    private static final class ClaimFails implements ScopedBackend {
        @Override
        public List<byte[]> getAll(List<byte[]> keys) {
            return List.of(new byte[] {1}, new byte[] {2});
        }

        @Override
        public void write(WriteBatch batch) {
        }

        @Override
        public void commit(WriteBatch batch, long generation, byte[] expected, byte[] checkpoint) {
        }

        @Override
        public long claim() {
            throw new StoreException("store test is down", false);
        }

        @Override
        public Optional<byte[]> readCheckpoint() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "store test of task t";
        }
    }

    @Test
    void shouldTimeEachOperationAndCountItsFailures() {
        final StoreMetrics metrics = new StoreMetrics("counts");
        final MeteredBackend backend = new MeteredBackend(new ClaimFails(), metrics);

        backend.getAll(List.of(new byte[] {1}, new byte[] {2}));
        backend.getAll(List.of(new byte[] {3}));
        assertThatThrownBy(backend::claim).isInstanceOf(StoreException.class);

        assertThat(metrics.latency(StoreMetrics.Op.GET).count()).isEqualTo(2);
        assertThat(metrics.errors(StoreMetrics.Op.GET)).isZero();
        assertThat(metrics.latency(StoreMetrics.Op.CLAIM).count()).isEqualTo(1);
        assertThat(metrics.errors(StoreMetrics.Op.CLAIM)).isEqualTo(1);
        assertThat(metrics.errors()).isEqualTo(1);
        assertThat(metrics.keysRead()).isEqualTo(3);
        assertThat(metrics.operations()).extracting(TaskReport.StoreOperation::op).containsExactly("get", "claim");
        final TaskReport.StoreOperation get = metrics.operations().get(0);
        assertThat(get.calls()).isEqualTo(2L);
        assertThat(get.errors()).isZero();
        assertThat(get.seconds().count()).isEqualTo(2L);
    }
}
