package dev.riffle.runner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.KeyValueStore;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreSpec;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;
import dev.riffle.runner.config.JobConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store backend must show through the assembled stores: one suite, run against the
 * memory store here and against real Redis, Redis Cluster and Cassandra by the backends' ITs. Each test
 * uses a fresh job name, so runs never see each other's keys.
 */
public abstract class StoreContractTest {

    private static final TopicPartition VISITS_0 = new TopicPartition("visits", 0);
    private static final TopicPartition VISITS_1 = new TopicPartition("visits", 1);

    private final List<AssembledTaskStores> opened = new ArrayList<>();
    protected final String job = "contract-" + UUID.randomUUID().toString().substring(0, 8);

    /** The backend settings of a store, without the {@code stores.<name>.} prefix; must include {@code factory}. */
    protected abstract Map<String, String> backendSettings(String store);

    /** Longest a TTL of one second may take to show (backends expire lazily or in whole seconds). */
    protected Duration expiryAllowance() {
        return Duration.ofSeconds(15);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(AssembledTaskStores::close);
    }

    protected JobConfig config(String jobName, Map<String, String> extra) {
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", jobName);
        values.put("task.class", "unused.Task");
        values.put("task.inputs", "visits");
        values.put("systems.kafka.bootstrap.servers", "127.0.0.1:9092");
        for (String store : List.of("counts", "profiles")) {
            backendSettings(store).forEach((k, v) -> values.put("stores." + store + "." + k, v));
        }
        values.put("task.checkpoint.store", "counts");
        values.putAll(extra);
        return JobConfig.of(values);
    }

    protected AssembledTaskStores open(String task) {
        return open(job, task, Map.of());
    }

    protected AssembledTaskStores open(String jobName, String task, Map<String, String> extra) {
        final AssembledTaskStores stores = StoreAssembly.open(config(jobName, extra), task, 0);
        opened.add(stores);
        return stores;
    }

    /** Claims the task and commits the counts store with these offsets, as the runtime does. */
    private static void commit(AssembledTaskStores stores, long offset) {
        stores.flush();
        stores.commitCheckpoint(Map.of(VISITS_0, offset));
    }

    @Test
    void shouldReadMissingKeysAsNullAndLeaveThemOutOfGetAll() {
        final KeyValueStore<String, String> profiles = open("task-0").store("profiles");

        assertThat(profiles.get("nobody")).isNull();
        assertThat(profiles.getAll(List.of("nobody", "no-one"))).isEmpty();
    }

    @Test
    void shouldRejectNullKeysAndValues() {
        final KeyValueStore<String, String> profiles = open("task-0").store("profiles");

        assertThatThrownBy(() -> profiles.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> profiles.put(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> profiles.put("k", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> profiles.delete(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> profiles.getAll(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldPutGetAndDeleteDurablyAfterFlush() {
        final AssembledTaskStores writer = open("task-0");
        final KeyValueStore<String, String> profiles = writer.store("profiles");
        profiles.put("v-1", "alice");
        profiles.put("v-2", "bob");
        writer.flush();
        profiles.delete("v-2");
        writer.flush();

        final KeyValueStore<String, String> reread = open("task-0").store("profiles");
        assertThat(reread.get("v-1")).isEqualTo("alice");
        assertThat(reread.get("v-2")).isNull();
    }

    @Test
    void shouldPutGetAndDeleteInBulkKeepingTheOrderOfTheKeys() {
        final AssembledTaskStores writer = open("task-0");
        final KeyValueStore<String, String> profiles = writer.store("profiles");
        final Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            entries.put("v-" + i, "name-" + i);
        }
        profiles.putAll(entries);
        writer.flush();
        profiles.deleteAll(List.of("v-3", "v-4"));
        writer.flush();

        final KeyValueStore<String, String> reread = open("task-0").store("profiles");
        final Map<String, String> got = reread.getAll(List.of("v-199", "v-3", "v-0", "missing", "v-4", "v-5"));
        assertThat(got).containsExactly(Map.entry("v-199", "name-199"), Map.entry("v-0", "name-0"),
                Map.entry("v-5", "name-5"));
    }

    @Test
    void shouldServeBufferedWritesToTheTaskBeforeTheyReachTheBackend() {
        final AssembledTaskStores writer = open("task-0");
        final KeyValueStore<String, String> profiles = writer.store("profiles");
        profiles.put("durable", "old");
        writer.flush();

        profiles.put("fresh", "new");
        profiles.delete("durable");
        final KeyValueStore<String, String> other = open("task-0").store("profiles");

        assertThat(profiles.get("fresh")).isEqualTo("new");
        assertThat(profiles.get("durable")).isNull();
        assertThat(profiles.getAll(List.of("fresh", "durable"))).containsExactly(Map.entry("fresh", "new"));
        assertThat(other.get("fresh")).as("not written before the flush").isNull();
        assertThat(other.get("durable")).as("not deleted before the flush").isEqualTo("old");
    }

    @Test
    void shouldReadABatchInOneBackendCallAndWriteItInOne() {
        final AssembledTaskStores stores = open("task-0");
        final KeyValueStore<String, String> profiles = stores.store("profiles");
        final StoreMetrics metrics = stores.metrics().get("profiles");
        profiles.put("buffered", "x");
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add("k-" + i);
        }
        keys.add("buffered");
        final long before = metrics.calls();

        profiles.getAll(keys);
        assertThat(metrics.calls() - before).as("backend calls for one getAll").isEqualTo(1);
        assertThat(metrics.keysRead()).as("buffered keys are not read remotely").isEqualTo(500);

        keys.forEach(k -> profiles.put(k, "v"));
        stores.flush();
        assertThat(metrics.calls() - before).as("backend calls after one flush").isEqualTo(2);
        assertThat(metrics.keysWritten()).isEqualTo(501);
    }

    @Test
    void shouldDropBufferedWritesWhenTheBatchIsDiscarded() {
        final AssembledTaskStores stores = open("task-0");
        final KeyValueStore<String, String> profiles = stores.store("profiles");
        profiles.put("k", "v");

        stores.discardBuffered();
        stores.flush();

        assertThat(profiles.get("k")).isNull();
        assertThat(open("task-0").<String, String>store("profiles").get("k")).isNull();
    }

    @Test
    void shouldExpireEntriesAfterTheirTimeToLive() {
        final AssembledTaskStores stores = open(job, "task-0", Map.of("stores.profiles.ttl.ms", "1000"));
        final KeyValueStore<String, String> profiles = stores.store("profiles");
        final KeyValueStore<String, String> counts = stores.store("counts");
        profiles.put("short-lived", "v");
        counts.put("long-lived", "v");
        stores.flush();
        stores.claimAndReadCheckpoint();
        stores.commitCheckpoint(Map.of(VISITS_0, 1L));

        Awaitility.await("the entry with a 1 s TTL to expire").atMost(expiryAllowance())
                .pollInterval(Duration.ofMillis(200))
                .until(() -> open(job, "task-0", Map.of()).store("profiles").get("short-lived") == null);
        assertThat(open("task-0").<String, String>store("counts").get("long-lived")).isEqualTo("v");
    }

    @Test
    void shouldRefuseATimeToLiveOnTheCheckpointStore() {
        assertThatThrownBy(() -> open(job, "task-0", Map.of("stores.counts.ttl.ms", "60000")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("stores.counts.ttl.ms");
                    assertThat(e.getMessage()).contains("is the task.checkpoint.store");
                });
    }

    @Test
    void shouldStoreKeysAndValuesThroughTheConfiguredSerdes() {
        final Map<String, String> serdes = Map.of("stores.profiles.key.serde", "long",
                "stores.profiles.value.serde", "bytes");
        final AssembledTaskStores writer = open(job, "task-0", serdes);
        final KeyValueStore<Long, byte[]> profiles = writer.store("profiles");
        profiles.put(42L, new byte[] {0, 1, (byte) 0xff});
        profiles.put(-7L, new byte[0]);
        writer.flush();

        final KeyValueStore<Long, byte[]> reread = open(job, "task-0", serdes).store("profiles");
        assertThat(reread.get(42L)).containsExactly(0, 1, 0xff);
        assertThat(reread.get(-7L)).isEmpty();
        assertThat(reread.get(43L)).isNull();
    }

    @Test
    void shouldKeepTasksStoresAndJobsApart() {
        final AssembledTaskStores task0 = open("task-0");
        final AssembledTaskStores task1 = open("task-1");
        final String otherJob = job + "-other";
        final AssembledTaskStores otherJobTask0 = open(otherJob, "task-0", Map.of());
        task0.<String, String>store("profiles").put("k", "task-0");
        task0.<String, String>store("counts").put("k", "counts-of-task-0");
        task1.<String, String>store("profiles").put("k", "task-1");
        otherJobTask0.<String, String>store("profiles").put("k", "other-job");
        task0.flush();
        task1.flush();
        otherJobTask0.flush();
        task0.claimAndReadCheckpoint();
        task0.commitCheckpoint(Map.of(VISITS_0, 5L));

        assertThat(open("task-0").<String, String>store("profiles").get("k")).isEqualTo("task-0");
        assertThat(open("task-0").<String, String>store("counts").get("k")).isEqualTo("counts-of-task-0");
        assertThat(open("task-1").<String, String>store("profiles").get("k")).isEqualTo("task-1");
        assertThat(open("task-1").<String, String>store("counts").get("k")).isNull();
        assertThat(open(otherJob, "task-0", Map.of()).<String, String>store("profiles").get("k")).isEqualTo("other-job");
        assertThat(open(otherJob, "task-0", Map.of()).claimAndReadCheckpoint()).isEmpty();
    }

    @Test
    void shouldStartWithoutACheckpointAndResumeFromTheCommittedOne() {
        final AssembledTaskStores first = open("task-0");
        assertThat(first.claimAndReadCheckpoint()).isEmpty();
        first.<String, String>store("counts").put("v-1", "3");
        first.flush();
        first.commitCheckpoint(Map.of(VISITS_0, 120L, VISITS_1, 7L));

        final AssembledTaskStores second = open("task-0");
        assertThat(second.claimAndReadCheckpoint()).contains(Map.of(VISITS_0, 120L, VISITS_1, 7L));
        assertThat(second.<String, String>store("counts").get("v-1")).isEqualTo("3");
    }

    @Test
    void shouldWriteTheCheckpointStoreOnlyTogetherWithTheOffsets() {
        final AssembledTaskStores stores = open("task-0");
        stores.claimAndReadCheckpoint();
        stores.<String, String>store("counts").put("v-1", "1");
        stores.flush();

        // Reads the backend every time, as another service reading the state would (no cache).
        final AssembledTaskStores observer = open(job, "task-0", Map.of("stores.counts.cache.entries", "0"));
        assertThat(observer.<String, String>store("counts").get("v-1")).as("not durable before the commit").isNull();

        stores.commitCheckpoint(Map.of(VISITS_0, 10L));
        assertThat(observer.<String, String>store("counts").get("v-1")).isEqualTo("1");
    }

    @Test
    void shouldRejectTheCommitOfAStaleOwnerAndWriteNothingOfIt() {
        final AssembledTaskStores zombie = open("task-0");
        zombie.claimAndReadCheckpoint();
        zombie.<String, String>store("counts").put("v-1", "1");
        commit(zombie, 10L);

        final AssembledTaskStores successor = open("task-0");
        assertThat(successor.claimAndReadCheckpoint()).contains(Map.of(VISITS_0, 10L));
        assertThat(successor.generation()).isGreaterThan(zombie.generation());

        zombie.<String, String>store("counts").put("v-1", "2");
        zombie.<String, String>store("counts").put("v-2", "1");
        assertThatThrownBy(() -> commit(zombie, 20L)).isInstanceOf(FencedException.class)
                .hasMessageContaining("task-0");

        final AssembledTaskStores reader = open("task-0");
        assertThat(reader.<String, String>store("counts").getAll(List.of("v-1", "v-2")))
                .containsExactly(Map.entry("v-1", "1"));
        successor.<String, String>store("counts").put("v-3", "1");
        commit(successor, 11L);
        assertThat(open("task-0").claimAndReadCheckpoint()).contains(Map.of(VISITS_0, 11L));
    }

    @Test
    void shouldRefuseToCommitWhenTheStoreWentBackToAnOlderCheckpointUnderTheTask() {
        final AssembledTaskStores task = open("task-0");
        task.claimAndReadCheckpoint();
        for (long offset = 10; offset <= 20; offset += 10) {
            task.<String, String>store("counts").put("v-1", Long.toString(offset / 10));
            commit(task, offset);
        }

        // The store goes back to offset 10 with its state, generation unchanged (an older snapshot or AOF, a
        // failover to a replica that lagged), written as the backend itself would hold it.
        final StoreBackend raw = rawBackend();
        try {
            raw.commit(new TaskScope(job, "1", "counts", "task-0"), WriteBatch.builder(0)
                    .put(utf8("v-1"), utf8("1")).build(), task.generation(), Checkpoints.encode(Map.of(VISITS_0, 20L)),
                    Checkpoints.encode(Map.of(VISITS_0, 10L)));
        } finally {
            BackendRegistry.release(raw);
        }

        task.<String, String>store("counts").put("v-1", "3");
        assertThatThrownBy(() -> commit(task, 30L)).isInstanceOf(FencedException.class)
                .hasMessageContaining("went back in time").hasMessageContaining("visits 0 10");
        final AssembledTaskStores next = open(job, "task-0", Map.of("stores.counts.cache.entries", "0"));
        assertThat(next.claimAndReadCheckpoint()).contains(Map.of(VISITS_0, 10L));
        assertThat(next.<String, String>store("counts").get("v-1")).as("state of the stored checkpoint").isEqualTo("1");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCommitOnlyOverTheExpectedCheckpointOrAgainOverItsOwnInOneAtomicStep() {
        final AssembledTaskStores task = open("task-0");
        task.claimAndReadCheckpoint();
        final TaskScope scope = new TaskScope(job, "1", "counts", "task-0");
        final byte[] ten = Checkpoints.encode(Map.of(VISITS_0, 10L));
        final byte[] twenty = Checkpoints.encode(Map.of(VISITS_0, 20L));
        final StoreBackend raw = rawBackend();
        try {
            raw.commit(scope, WriteBatch.builder(0).put(utf8("v-1"), utf8("1")).build(), task.generation(), null, ten);
            // The retry of a commit that landed finds its own checkpoint: accepted, nothing changes.
            raw.commit(scope, WriteBatch.builder(0).put(utf8("v-1"), utf8("1")).build(), task.generation(), null, ten);
            assertThat(raw.readCheckpoint(scope)).hasValueSatisfying(c -> assertThat(c).isEqualTo(ten));

            // A writer that expects no checkpoint where there is one writes nothing.
            assertThatThrownBy(() -> raw.commit(scope, WriteBatch.builder(0).put(utf8("v-1"), utf8("9")).build(),
                    task.generation(), null, twenty)).isInstanceOf(CheckpointConflictException.class);
            assertThat(raw.getAll(scope, List.of(utf8("v-1")))).containsExactly(utf8("1"));
            assertThat(raw.readCheckpoint(scope)).hasValueSatisfying(c -> assertThat(c).isEqualTo(ten));

            raw.commit(scope, WriteBatch.builder(0).put(utf8("v-1"), utf8("2")).build(), task.generation(), ten, twenty);
            assertThat(raw.getAll(scope, List.of(utf8("v-1")))).containsExactly(utf8("2"));
            assertThat(raw.readCheckpoint(scope)).hasValueSatisfying(c -> assertThat(c).isEqualTo(twenty));
        } finally {
            BackendRegistry.release(raw);
        }
    }

    /** The backend of store {@code counts} itself, below the runtime's layers, as another writer would reach it. */
    private StoreBackend rawBackend() {
        final JobConfig config = config(job, Map.of());
        return BackendRegistry.acquire(config.getString("stores.counts.factory"), "stores.counts.factory",
                new StoreSpec("counts", job, "1", config.subset("stores.counts.")), config.subset("stores.counts."));
    }

    @Test
    void shouldRefuseToCommitBeforeClaimingAndWithoutACheckpointStore() {
        assertThatThrownBy(() -> open("task-0").commitCheckpoint(Map.of(VISITS_0, 1L)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("claimAndReadCheckpoint");

        final AssembledTaskStores plain = open(job, "task-0", Map.of("task.checkpoint.store", ""));
        assertThat(plain.holdsCheckpoints()).isFalse();
        assertThat(plain.claimAndReadCheckpoint()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> plain.commitCheckpoint(Map.of(VISITS_0, 1L))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheConfiguredStoresWhenAnUnknownOneIsAskedFor() {
        final AssembledTaskStores stores = open("task-0");

        assertThat(stores.names()).containsExactlyInAnyOrder("counts", "profiles");
        assertThatThrownBy(() -> stores.store("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope").hasMessageContaining("counts").hasMessageContaining("profiles");
    }
}
