package dev.riffle.yarn.am;

/**
 * The contract between the submission client and the application master: the AM's main class, the
 * environment variables the client sets for it and the names under which the package and the
 * configuration are localised. Containers get the same two resources; their own environment is
 * {@link dev.riffle.runner.protocol.ContainerLaunch}.
 */
public final class AmContract {

    /** Main class of the application master. */
    public static final String AM_MAIN_CLASS = "dev.riffle.yarn.am.ApplicationMaster";

    /** YARN application type of Riffle jobs. */
    public static final String APPLICATION_TYPE = "RIFFLE";

    /** URI of the job package (a {@code .tar.gz} with {@code lib/}); localised as an ARCHIVE. */
    public static final String ENV_PACKAGE_URI = "RIFFLE_PACKAGE_URI";

    /** URI of the job's resolved {@code .properties} file; localised as a FILE. */
    public static final String ENV_CONFIG_URI = "RIFFLE_CONFIG_URI";

    /** URI of the application's directory on the cluster file system, where the AM keeps its journal. */
    public static final String ENV_APP_DIR = "RIFFLE_APP_DIR";

    /** Link name of the unpacked package in a container's working directory. */
    public static final String PACKAGE_LINK = "__riffle_package__";

    /** Link name of the configuration file in a container's working directory. */
    public static final String CONFIG_LINK = "riffle-job.properties";

    /** File in {@link #ENV_APP_DIR} mapping cluster container ids to logical ids, for the next attempt. */
    public static final String JOURNAL_FILE = "containers.properties";

    /** Log4j2 configuration on the classpath of the AM and of containers (inside riffle-yarn-am's jar). */
    public static final String LOG4J2_CONFIG = "riffle-yarn-log4j2.xml";

    private AmContract() {
    }
}
