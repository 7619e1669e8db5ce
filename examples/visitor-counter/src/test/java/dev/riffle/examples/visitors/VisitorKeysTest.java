package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.ConfigValidator;
import dev.riffle.runner.config.JobConfig;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The validator checks the visitor counter's declared keys ({@link VisitorKeys}) like Riffle's own. */
class VisitorKeysTest {

    private static ConfigValidator.Result validate(String... pairs) {
        final Map<String, String> values = new TreeMap<>(Map.of("job.name", "visitor-counter",
                "task.class", VisitorCounterTask.class.getName(), "task.inputs", "visits,visitor-partials",
                "task.window.ms", "1000", "systems.kafka.bootstrap.servers", "127.0.0.1:9092",
                "stores.visitors.factory", "memory"));
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new ConfigValidator(false).validate(JobConfig.of(values));
    }

    @Test
    void shouldNameEachMalformedVisitorKey() {
        assertThat(validate().errors()).isEmpty();
        assertThat(validate("visitors.threshold", "lots", "visitors.rearm.fraction", "1.5", "visitors.count", "people",
                "visitors.webhook.url", "ftp://hooks.example/x").errors())
                .extracting(ConfigException::getMessage).containsExactlyInAnyOrder(
                        "config error: visitors.threshold: 'lots' is not a valid long (For input string: \"lots\")",
                        "config error: visitors.rearm.fraction: '1.5' must be at least 0 and below 1",
                        "config error: visitors.count: 'people' is not a valid visitors or events (write visitors or events)",
                        "config error: visitors.webhook.url: 'ftp://hooks.example/x' is not an http(s) URL");
    }

    @Test
    void shouldCheckTheRulesBetweenKeysOnceEachKeyIsValid() {
        assertThat(validate("visitors.window.minutes", "1", "visitors.bucket.seconds", "120").errors())
                .extracting(ConfigException::key).containsExactly("visitors.bucket.seconds");
        assertThat(validate("task.inputs", "visits").errors())
                .extracting(ConfigException::key).containsExactly("task.inputs");
    }

    @Test
    void shouldWarnAboutAMistypedVisitorKey() {
        final ConfigValidator.Result result = validate("visitors.treshold", "10");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactly("visitors.treshold: unknown key; did you mean visitors.threshold?");
    }
}
