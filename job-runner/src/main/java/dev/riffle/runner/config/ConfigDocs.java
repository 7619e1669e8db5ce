package dev.riffle.runner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates {@code docs/configuration.md} from {@link RiffleConfig#keys()}, so the reference cannot
 * drift from the code; {@code ConfigDocsTest} fails when the committed file is stale.
 *
 * <p>Run from the repository root: {@value #REGENERATE_COMMAND}
 */
public final class ConfigDocs {

    /** The command that rewrites the reference, quoted in the staleness test's failure. */
    public static final String REGENERATE_COMMAND = "mvn -B -q -pl api,job-runner compile"
            + " && java -cp api/target/classes:job-runner/target/classes dev.riffle.runner.config.ConfigDocs";

    /** The reference's path relative to the repository root. */
    public static final String RELATIVE_PATH = "docs/configuration.md";

    private ConfigDocs() {
    }

    /** Writes the reference to {@code args[0]}, or to {@value #RELATIVE_PATH} under the repository root. */
    public static void main(String[] args) throws IOException {
        final Path target = args.length > 0 ? Path.of(args[0]) : repositoryRoot().resolve(RELATIVE_PATH);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("Wrote the configuration reference to " + target);
    }

    /** The repository root: the nearest directory upwards holding both pom.xml and job-runner/. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("job-runner"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with pom.xml and job-runner/)"
                + " above " + Path.of("").toAbsolutePath() + "; run from inside the repository");
    }

    /** The whole Markdown reference. */
    public static String render() {
        final StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from RiffleConfig.java by ConfigDocs; do not edit by hand. Regenerate with:\n")
                .append("     ").append(REGENERATE_COMMAND).append(" -->\n\n")
                .append("A job is configured by one `.properties` file, passed as `--config-path FILE`.\n\n")
                .append("- **Environment variables**: any value may use `${env:VAR}`, replaced by the variable's value"
                        + " when the file is loaded. An unset variable is an error that names the key and the"
                        + " variable, so secrets such as passwords need not be written in the file.\n")
                .append("- **Overrides**: `--config key=value` (repeatable) replaces or adds a key on top of the"
                        + " file; the last one wins.\n")
                .append("- **Validation**: every key below is parsed and checked before anything starts. All"
                        + " problems are reported together, one per line, as `config error: <key>: <problem>`,"
                        + " and the scripts exit with status 2.\n")
                .append("- **Unknown keys** under `job.`, `task.`, `yarn.`, `systems.kafka.`, `stores.<name>.`"
                        + " and `streams.<topic>.` produce a warning with the closest known key"
                        + " (`config warning: task.batch.sise: unknown key; did you mean task.batch.size?`)."
                        + " `systems.kafka.consumer.*` and `systems.kafka.producer.*` are passed to the Kafka"
                        + " clients unchecked. Keys under other prefixes belong to the job (for example"
                        + " `visitors.threshold`) and are not checked.\n")
                .append("- **Lists** are comma-separated; spaces around items are ignored.\n")
                .append("- **Templated keys**: `<name>` is a store name (no dots), `<topic>` a Kafka topic,"
                        + " `<property>` a Kafka client property. Every store needs a `factory`.\n\n")
                .append("| key | type | default | required | description |\n")
                .append("|---|---|---|---|---|\n");
        for (ConfigKey<?> key : RiffleConfig.keys()) {
            out.append("| `").append(key.name()).append("` | ")
                    .append(cell(key.type())).append(" | ")
                    .append(key.defaultText() == null ? "" : "`" + cell(key.defaultText()) + "`").append(" | ")
                    .append(key.required() ? "yes" : "").append(" | ")
                    .append(cell(key.doc()).replace("<", "&lt;").replace(">", "&gt;")).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
