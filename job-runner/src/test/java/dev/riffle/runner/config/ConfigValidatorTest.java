package dev.riffle.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;
import dev.riffle.runner.store.memory.MemoryBackendFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidatorTest {

    private static final String ECHO = TestTasks.Echo.class.getName();

    /** A custom store factory named by class; never opened by these tests. */
    public static final class CustomFactory implements StoreBackendFactory {
        @Override
        public String name() {
            return "custom";
        }

        @Override
        public StoreBackend open(StoreSpec spec) {
            throw new UnsupportedOperationException("validation tests never open a store");
        }
    }

    /** A complete, valid configuration; each case below breaks one thing. */
    static Map<String, String> valid() {
        final Map<String, String> values = new HashMap<>();
        values.put("job.name", "visitor-counter");
        values.put("task.class", ECHO);
        values.put("task.inputs", "visits, clicks");
        values.put("systems.kafka.bootstrap.servers", "127.0.0.1:9092");
        values.put("stores.counts.factory", "redis");
        values.put("stores.counts.redis.uri", "redis://127.0.0.1:6379/0");
        values.put("stores.counts.value.serde", "long");
        values.put("streams.visits.msg.serde", "json");
        values.put("task.checkpoint.store", "counts");
        values.put("visitors.threshold", "100000");
        return values;
    }

    /** {@code valid()} with pairs of key, value applied; a null value removes the key. */
    static JobConfig with(String... pairs) {
        final Map<String, String> values = valid();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                values.remove(pairs[i]);
            } else {
                values.put(pairs[i], pairs[i + 1]);
            }
        }
        return JobConfig.of(values);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("job.name", "job.name", null),
                bad("job.name", "job.name", "my job!"),
                bad("job.id", "job.id", "a/b"),
                bad("job.factory", "job.factory", "mesos"),
                bad("job.container.count", "job.container.count", "0"),
                bad("task.class", "task.class", null),
                bad("task.class", "task.class", "com.example.NoSuchTask"),
                bad("task.class", "task.class", TestTasks.NotATask.class.getName()),
                bad("task.class", "task.class", TestTasks.NeedsArgument.class.getName()),
                bad("task.class", "task.class", "not a class"),
                bad("task.inputs", "task.inputs", null),
                bad("task.inputs", "task.inputs", " , "),
                bad("task.inputs", "task.inputs", "visits,bad topic"),
                bad("task.inputs", "task.inputs", "visits,visits"),
                bad("task.batch.size", "task.batch.size", "0"),
                bad("task.batch.size", "task.batch.size", "lots"),
                bad("task.batch.wait.ms", "task.batch.wait.ms", "-1"),
                bad("task.window.ms", "task.window.ms", "0"),
                bad("task.commit.ms", "task.commit.ms", "-5"),
                bad("task.error.policy", "task.error.policy", "ignore"),
                bad("task.dead-letter.topic", "task.dead-letter.topic", "dead letters"),
                bad("systems.kafka.bootstrap.servers", "systems.kafka.bootstrap.servers", "localhost"),
                bad("systems.kafka.bootstrap.servers", "systems.kafka.bootstrap.servers", null),
                bad("stores.cache.factory", "stores.cache.ttl.ms", "60000"),
                bad("stores.counts.factory", "stores.counts.factory", "memroy"),
                bad("stores.counts.factory", "stores.counts.factory", "com.example.NoSuchFactory"),
                bad("stores.counts.factory", "stores.counts.factory", TestTasks.Echo.class.getName()),
                bad("stores.counts.ttl.ms", "stores.counts.ttl.ms", "0"),
                // counts is the task.checkpoint.store: its state may not expire under its checkpoint.
                bad("stores.counts.ttl.ms", "stores.counts.ttl.ms", "2700000"),
                bad("task.checkpoint.store", "task.checkpoint.store", "offsets"),
                bad("streams.visits.msg.serde", "streams.visits.msg.serde", "jsno"),
                bad("streams.my.topic.key.serde", "streams.my.topic.key.serde", "java.lang.String"),
                bad("stores.counts.value.serde", "stores.counts.value.serde", "com.example.NoSuchSerde"),
                // The redis and cassandra backends' keys: RedisConfigKeysTest, CassandraConfigKeysTest.
                bad("task.commit.background", "task.commit.background", "yes"),
                bad("yarn.am.memory.mb", "yarn.am.memory.mb", "10"),
                bad("yarn.container.memory.mb", "yarn.container.memory.mb", "10"),
                bad("yarn.container.vcores", "yarn.container.vcores", "0"),
                bad("yarn.container.retry.count", "yarn.container.retry.count", "-1"),
                // Heartbeats come every 2 s: a timeout under 10 s would replace containers that are merely slow.
                bad("yarn.container.heartbeat.timeout.ms", "yarn.container.heartbeat.timeout.ms", "5000"),
                bad("yarn.am.attempts", "yarn.am.attempts", "two"),
                bad("yarn.am.attempt.failures.validity.ms", "yarn.am.attempt.failures.validity.ms", "0"));
    }

    private static Arguments bad(String expectedKey, String key, String value) {
        return Arguments.of(expectedKey, key, value);
    }

    @ParameterizedTest(name = "{1}={2} is an error about {0}")
    @MethodSource("badConfigs")
    void shouldNameTheKeyOfEachBadValue(String expectedKey, String key, String value) {
        final JobConfig config = with(key, value);
        assertThatThrownBy(() -> new ConfigValidator().validateOrThrow(config))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> {
                    assertThat(e.keys()).containsExactly(expectedKey);
                    assertThat(e.key()).isEqualTo(expectedKey);
                    assertThat(e.getMessage()).startsWith("config error: " + expectedKey + ": ");
                });
    }

    @Test
    void shouldAcceptAValidConfigurationWithoutWarnings() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with());
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldAcceptABatchTaskAndKafkaClientPassThrough() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "task.class", TestTasks.Batch.class.getName(),
                "systems.kafka.consumer.security.protocol", "SSL",
                "systems.kafka.producer.linger.ms", "5"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldLetATaskCheckItsOwnKeysAlsoWithoutClassChecks() {
        final JobConfig config = with("task.class", TestTasks.SelfChecking.class.getName(), "echo.limit", "-3");
        for (ConfigValidator validator : List.of(new ConfigValidator(true), new ConfigValidator(false))) {
            assertThatThrownBy(() -> validator.validateOrThrow(config))
                    .isInstanceOfSatisfying(ConfigValidationException.class,
                            e -> assertThat(e.keys()).containsExactly("echo.limit"));
        }
        assertThat(new ConfigValidator().validate(with("task.class", TestTasks.SelfChecking.class.getName(),
                "echo.limit", "3")).errors()).isEmpty();
    }

    @Test
    void shouldCheckTheTasksDeclaredKeysWarnAboutUnknownOnesAndThenRunItsCrossKeyRules() {
        final String task = TestTasks.SelfChecking.class.getName();
        assertThat(new ConfigValidator(false).validate(with("task.class", task, "echo.limit", "many")).errors())
                .extracting(Throwable::getMessage)
                .singleElement().asString().startsWith("config error: echo.limit: 'many' is not a valid long");
        final ConfigValidator.Result typo = new ConfigValidator().validate(with("task.class", task, "echo.limt", "3"));
        assertThat(typo.errors()).isEmpty();
        assertThat(typo.warnings()).containsExactly("echo.limt: unknown key; did you mean echo.limit?");
        // Each key is valid, but together they break the task's own rule (validate()).
        assertThat(new ConfigValidator().validate(with("task.class", task, "echo.limit", "600")).errors())
                .extracting(ConfigException::key).containsExactly("echo.limit");
        assertThat(new ConfigValidator().validate(with("task.class", task, "echo.limit", "600",
                "task.batch.size", "1000")).errors()).isEmpty();
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        final JobConfig config = with("job.name", null, "task.batch.size", "0", "yarn.am.memory.mb", "10",
                "task.checkpoint.store", "offsets");
        assertThatThrownBy(() -> new ConfigValidator().validateOrThrow(config))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> {
                    assertThat(e.keys()).containsExactlyInAnyOrder("job.name", "task.batch.size",
                            "yarn.am.memory.mb", "task.checkpoint.store");
                    final List<String> lines = Arrays.asList(e.getMessage().split("\n"));
                    assertThat(lines).hasSize(4).allMatch(line -> line.startsWith("config error: "));
                });
    }

    @Test
    void shouldExplainTheProblemAndTheFix() {
        assertThatThrownBy(() -> new ConfigValidator().validateOrThrow(with("task.checkpoint.store", "offsets")))
                .hasMessage("config error: task.checkpoint.store: names store 'offsets', which is not configured;"
                        + " configured stores: counts; add stores.offsets.factory or fix the name");
        assertThatThrownBy(() -> new ConfigValidator().validateOrThrow(with("task.batch.size", "0")))
                .hasMessage("config error: task.batch.size: '0' must be at least 1");
    }

    @Test
    void shouldWarnAboutUnknownKeysWithTheClosestKnownKey() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "task.batch.sise", "100",
                "job.contianer.count", "2",
                "streams.my.topic.key.serdes", "json",
                "systems.kafka.bootstrap.server", "127.0.0.1:9092",
                "yarn.container.memory", "2048"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactlyInAnyOrder(
                "task.batch.sise: unknown key; did you mean task.batch.size?",
                "job.contianer.count: unknown key; did you mean job.container.count?",
                "streams.my.topic.key.serdes: unknown key; did you mean streams.my.topic.key.serde?",
                "systems.kafka.bootstrap.server: unknown key; did you mean systems.kafka.bootstrap.servers?",
                "yarn.container.memory: unknown key; did you mean yarn.container.memory.mb?");
    }

    @Test
    void shouldAcceptATtlOnAStoreThatHoldsNoCheckpoints() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "stores.sessions.factory", "memory", "stores.sessions.ttl.ms", "60000"));
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void shouldNotWarnAboutTheJobsOwnKeys() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "visitors.threshold", "5", "visitors.window.minutes", "30", "systems.redis.anything", "x"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldWarnWhenBackendSettingsDoNotMatchTheFactory() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with("stores.counts.factory", "memory"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings())
                .containsExactly("stores.counts.redis.* is ignored because stores.counts.factory is memory");
    }

    @Test
    void shouldLeaveACustomFactorysOwnSettingsToIt() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "stores.counts.factory", CustomFactory.class.getName(),
                "stores.counts.redis.uri", null,
                "stores.counts.table.name", "t1",
                "stores.counts.ttl.ms", "1000",
                "task.checkpoint.store", null));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldAcceptARegisteredFactoryNameAndTheRuntimesStoreSettings() {
        final ConfigValidator.Result result = new ConfigValidator().validate(with(
                "stores.counts.factory", "memory", "stores.counts.redis.uri", null,
                "stores.counts.memory.instance", "shared", "stores.counts.cache.entries", "1000"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(new ConfigValidator().validate(with("stores.counts.factory", "memroy")).errors())
                .singleElement().satisfies(e -> assertThat(e.getMessage())
                        .contains("'memroy' is not a known store factory; use one of cassandra, memory, redis"));
    }

    @Test
    void shouldSkipClassChecksWhenAskedButStillRejectNonClassNames() {
        final ConfigValidator lenient = new ConfigValidator(false);
        assertThat(lenient.validate(with("task.class", "com.example.NotHere",
                "streams.visits.msg.serde", "com.example.NotHereEither",
                "stores.counts.factory", "com.example.Factory")).errors()).isEmpty();
        assertThat(lenient.validate(with("streams.visits.msg.serde", "jsno")).errors())
                .extracting(ConfigException::key).containsExactly("streams.visits.msg.serde");
        assertThat(lenient.validate(with("stores.counts.factory", "dynamo", "stores.counts.redis.uri", null)).warnings())
                .containsExactly("stores.counts.factory: 'dynamo' is not a built-in store factory (memory, redis,"
                        + " cassandra); the job's package must register it");
    }

    @Test
    void shouldFindTheClosestKeyBySubstitutingThePlaceholder() {
        final List<ConfigKey<?>> keys = new ArrayList<>(RiffleConfig.keys());
        keys.addAll(new MemoryBackendFactory().configKeys());
        final KeySuggester suggester = new KeySuggester(keys);
        assertThat(suggester.closest("stores.sessions.memory.instanse")).isEqualTo("stores.sessions.memory.instance");
        assertThat(suggester.closest("task.windw.ms")).isEqualTo("task.window.ms");
        // Store names have no dots, so the suggestion is not the mistyped key itself.
        assertThat(suggester.closest("stores.a.b.factory")).isEqualTo("stores.a.factory");
        assertThat(KeySuggester.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(KeySuggester.distance("", "abc")).isEqualTo(3);
    }
}
