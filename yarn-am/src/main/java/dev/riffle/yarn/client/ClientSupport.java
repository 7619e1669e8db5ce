package dev.riffle.yarn.client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.ConfigCli;
import dev.riffle.runner.config.ConfigLoader;
import dev.riffle.runner.config.JobConfig;

/** What the three commands share: exit statuses, config loading, the YARN client, finding an application. */
final class ClientSupport {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = ConfigCli.EXIT_CONFIG_ERROR;

    private ClientSupport() {
    }

    /** Runs a command body, turning the exceptions people can act on into a message and an exit status. */
    static int run(final PrintStream err, final String command, final Callable<Integer> body) {
        try {
            return body.call();
        } catch (ConfigException e) {
            return ConfigCli.report(e, err);
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        } catch (AppLookup.NotFoundException e) {
            err.println(command + ": " + e.getMessage());
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted.");
            return FAILURE;
        } catch (Exception e) {
            err.println(command + ": " + e);
            return FAILURE;
        }
    }

    static JobConfig loadConfig(final Path file, final List<String> overrides, final boolean checkClasses,
                                final PrintStream err) {
        return ConfigCli.load(file, overrides, checkClasses, new ConfigLoader(), err);
    }

    static YarnClient yarn(final YarnConfiguration conf) {
        final YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(conf);
        yarn.start();
        return yarn;
    }

    /** The report of {@code appId}, or of the active application the config names. */
    static ApplicationReport find(final YarnClient yarn, final String appId, final Path configPath,
                                  final List<String> overrides, final PrintStream err) throws Exception {
        if ((appId == null) == (configPath == null)) {
            throw new UsageException("give either an application id or --config-path FILE (see --help).");
        }
        if (appId != null) {
            final ApplicationId id = AppLookup.parseId(appId);
            try {
                return yarn.getApplicationReport(id);
            } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
                throw new AppLookup.NotFoundException("The ResourceManager does not know application " + id + ".");
            }
        }
        final JobConfig config = loadConfig(configPath, overrides, false, err);
        return AppLookup.byName(yarn, JobSubmitter.applicationName(config));
    }

    static Path home() {
        return Path.of(System.getProperty(HadoopConf.HOME_PROPERTY, ".")).toAbsolutePath().normalize();
    }
}
