package dev.riffle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixturesExtensionTest {

    @Test
    void shouldFindEveryFixtureATestClassTakesAsAParameter() {
        assertThat(FixturesExtension.neededBy(EndToEndExample.class))
                .containsExactlyInAnyOrder(KafkaFixture.class, YarnFixture.class, RedisFixture.class, CassandraFixture.class);
    }

    @Test
    void shouldFindNoFixtureInAClassThatTakesNone() {
        assertThat(FixturesExtension.neededBy(FixturesExtensionTest.class)).isEmpty();
    }

    /** Never run: only its signatures matter (a constructor, a static method, instance methods, a private one). */
    @SuppressWarnings("unused")
    static class EndToEndExample {
        EndToEndExample(final RedisFixture redis) {
        }

        static void createTopics(final KafkaFixture kafka) {
        }

        void runsAJob(final YarnFixture yarn, final String notAFixture) {
        }

        private void helper(final CassandraFixture cassandra) {
        }
    }
}
