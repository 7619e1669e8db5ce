package dev.riffle.yarn.am;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.conf.HAUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.RMHAUtils;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

import dev.riffle.api.config.JobIdentity;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;
import dev.riffle.runner.model.ContainerModel;
import dev.riffle.runner.model.JobModel;
import dev.riffle.runner.protocol.ContainerLaunch;
import dev.riffle.runner.protocol.ContainerModelDocument;

/**
 * Builds the launch context of a Riffle container: the job package and config, the environment of
 * {@link ContainerLaunch} (the container's slice of the job model included), {@code task.opts}. The YARN container id is filled in by the container's
 * environment ({@code CONTAINER_ID}), which YARN sets.
 */
final class ContainerContexts implements Function<ClusterManager.LaunchSpec, ContainerLaunchContext> {

    private final Configuration conf;
    private final JobConfig config;
    private final URI packageUri;
    private final URI configUri;
    private final String amUrl;
    private final String applicationId;
    private final String rmWebUrls;

    ContainerContexts(final Configuration conf, final JobConfig config, final URI packageUri, final URI configUri,
                      final String amUrl, final String applicationId) {
        this.conf = conf;
        this.config = config;
        this.packageUri = packageUri;
        this.configUri = configUri;
        this.amUrl = amUrl;
        this.applicationId = applicationId;
        this.rmWebUrls = rmWebUrls(conf);
    }

    /**
     * The ResourceManagers' web addresses with scheme, comma-separated: every RM of an HA pair, else
     * the one. Containers ask them where a restarted AM answers (docs/yarn.md, section 4).
     */
    static String rmWebUrls(final Configuration conf) {
        final YarnConfiguration yarn = new YarnConfiguration(conf);
        if (HAUtil.isHAEnabled(yarn)) {
            final String scheme = WebAppUtils.getHttpSchemePrefix(yarn);
            return RMHAUtils.getRMHAWebappAddresses(yarn).stream().map(a -> scheme + a).collect(Collectors.joining(","));
        }
        return WebAppUtils.getResolvedRemoteRMWebAppURLWithScheme(yarn);
    }

    /**
     * Checks that every container's model fits its launch environment, so that a job too large for it
     * fails at start with the reason instead of at each launch.
     *
     * @throws IllegalArgumentException naming the container and what to change
     */
    void checkFits(final JobModel model) {
        for (ContainerModel container : model.containers().values()) {
            ContainerModelDocument.of(job(), container).encode();
        }
    }

    private String job() {
        return JobIdentity.of(config).instance();
    }

    @Override
    public ContainerLaunchContext apply(final ClusterManager.LaunchSpec spec) {
        final Map<String, String> env = new HashMap<>();
        final String job = job();
        env.put(Environment.CLASSPATH.name(), YarnLaunch.classpath(conf, false));
        env.put(ContainerLaunch.ENV_CONFIG_PATH, Environment.PWD.$$() + "/" + AmContract.CONFIG_LINK);
        env.put(ContainerLaunch.ENV_CONTAINER_ID, spec.logicalId());
        env.put(ContainerLaunch.ENV_JOB, job);
        env.put(ContainerLaunch.ENV_CONTAINER_MODEL, ContainerModelDocument.of(job, spec.model()).encode());
        env.put(ContainerLaunch.ENV_AM_URL, amUrl);
        env.put(ContainerLaunch.ENV_APPLICATION_ID, applicationId);
        env.put(ContainerLaunch.ENV_RM_WEB_URLS, rmWebUrls);
        env.put(ContainerLaunch.ENV_YARN_CONTAINER_ID, Environment.CONTAINER_ID.$$());
        return ContainerLaunchContext.newInstance(YarnLaunch.resources(conf, packageUri, configUri), env,
                List.of(YarnLaunch.javaCommand(config.get(RiffleConfig.TASK_OPTS), ContainerLaunch.MAIN_CLASS)),
                null, YarnLaunch.containerTokens(), null);
    }
}
