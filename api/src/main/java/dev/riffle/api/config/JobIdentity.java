package dev.riffle.api.config;

import java.util.Objects;

/**
 * Which job instance this is: {@code job.name} and {@code job.id}, and the two names built from them,
 * here and nowhere else. Both keys are declared here (Riffle's key list includes them), so a job can
 * name its instance without the runtime on its classpath.
 *
 * @param name {@code job.name}
 * @param id {@code job.id}
 */
public record JobIdentity(String name, String id) {

    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";
    private static final String NAME_PROBLEM = "may only contain letters, digits, '.', '_' and '-'";

    /** {@code job.name}: required. */
    public static final ConfigKey<String> NAME = ConfigKey.string("job.name").required()
            .check(v -> v.matches(NAME_PATTERN) ? null : NAME_PROBLEM)
            .build("Job name; the YARN application is named <job.name>_<job.id>.");

    /** {@code job.id}: default {@code 1}. */
    public static final ConfigKey<String> ID = ConfigKey.string("job.id").defaultValue("1")
            .check(v -> v.matches(NAME_PATTERN) ? null : NAME_PROBLEM)
            .build("Instance id, to run the same job several times side by side.");

    public JobIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
    }

    /**
     * The identity configured in {@code config}.
     *
     * @throws ConfigException if {@code job.name} is missing, or either value is invalid
     */
    public static JobIdentity of(Config config) {
        return new JobIdentity(config.get(NAME), config.get(ID));
    }

    /**
     * {@code <job.name>-<job.id>}: the instance's name in Kafka (consumer group, client ids), in logs
     * and in the ids of the messages it produces.
     */
    public String instance() {
        return name + "-" + id;
    }

    /** {@code <job.name>_<job.id>}: the YARN application's name. */
    public String applicationName() {
        return name + "_" + id;
    }

    @Override
    public String toString() {
        return instance();
    }
}
