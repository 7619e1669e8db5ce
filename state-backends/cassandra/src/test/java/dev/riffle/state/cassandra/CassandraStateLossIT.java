package dev.riffle.state.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.runner.store.KilledJobRun;
import dev.riffle.testing.CassandraFixture;
import dev.riffle.testing.FixturesExtension;
import dev.riffle.testing.KafkaFixture;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store-loss check is the runtime's, so it holds for Cassandra as for Redis: a counting job whose
 * partitions in {@code riffle_state} are deleted while it is stopped refuses to start over on the empty
 * store, with the diagnostic, and counts nothing.
 */
@ExtendWith(FixturesExtension.class)
class CassandraStateLossIT {

    @Test
    void shouldStopInsteadOfStartingOverWhenTheJobsPartitionsWereDeleted(KafkaFixture kafka, CassandraFixture cassandra)
            throws Exception {
        try (KilledJobRun run = new KilledJobRun(kafka, CassandraCrashIT.settings(cassandra), true, 10_000, 500)) {
            run.startJob();
            assertThat(run.awaitCountedAndWitnessed()).isEqualTo(run.truth());
            run.stopJob();

            for (String task : new String[] {"Partition 0", "Partition 1"}) {
                cassandra.session().execute("DELETE FROM riffle_it.riffle_state WHERE job = ? AND job_id = '1'"
                        + " AND store = 'counts' AND task = ?", run.jobName(), task);
            }
            run.startJob();
            final KilledJobRun.Exit lost = run.awaitExit(Duration.ofMinutes(2));

            assertThat(lost.status()).isEqualTo(1);
            assertThat(lost.log()).contains("found no checkpoint in its checkpoint store 'counts'",
                    "the store lost the task's state");
            assertThat(run.counts()).isEmpty();
        }
    }
}
