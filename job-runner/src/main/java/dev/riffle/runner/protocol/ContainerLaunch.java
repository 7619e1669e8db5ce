package dev.riffle.runner.protocol;

/**
 * The contract between whoever starts a container (the YARN application master, a test) and the
 * container process: its main class, the environment variables it reads and the exit statuses the
 * launcher reads back. Kept in one place so neither side guesses.
 */
public final class ContainerLaunch {

    /** Main class of a container process. */
    public static final String MAIN_CLASS = "dev.riffle.runner.container.ContainerMain";

    /** Path of a {@code .properties} file holding the job's whole, already validated configuration. */
    public static final String ENV_CONFIG_PATH = "RIFFLE_CONFIG_PATH";

    /** The logical container id, {@code 0..job.container.count-1}; stable across restarts. */
    public static final String ENV_CONTAINER_ID = "RIFFLE_CONTAINER_ID";

    /**
     * The container's slice of the job model, as the application master computed it: a
     * {@link dev.riffle.runner.protocol.ContainerModelDocument} in JSON, Base64-encoded, e.g. the encoding of
     * {@code {"protocol":1,"job":"visitor-counter-1","container":"0","tasks":[{"partition":0,"topics":["visits"]}]}}.
     * The container runs exactly these tasks on these input partitions.
     */
    public static final String ENV_CONTAINER_MODEL = "RIFFLE_CONTAINER_MODEL";

    /**
     * Optional base URL of the application master's HTTP endpoint (e.g. {@code http://host:port}); the
     * container heartbeats there and stops itself when the AM does not recognise it.
     */
    public static final String ENV_AM_URL = "RIFFLE_AM_URL";

    /**
     * Optional: the job as logs name it, {@code <job.name>-<job.id>}. Read by the YARN logging
     * configuration, so that every thread's lines carry it (Kafka's client threads included).
     */
    public static final String ENV_JOB = "RIFFLE_JOB";

    /** Optional: the YARN container id, for logs and status. */
    public static final String ENV_YARN_CONTAINER_ID = "RIFFLE_YARN_CONTAINER_ID";

    /**
     * Optional: the YARN application id. With {@link #ENV_RM_WEB_URLS}, lets a container find the
     * application master again after the AM restarted elsewhere ({@link dev.riffle.runner.container.am.AmLocator}).
     */
    public static final String ENV_APPLICATION_ID = "RIFFLE_APPLICATION_ID";

    /** Optional: the ResourceManagers' web addresses, comma-separated (e.g. {@code http://rm:8088}). */
    public static final String ENV_RM_WEB_URLS = "RIFFLE_RM_WEB_URLS";

    /** Exit status of a clean stop. */
    public static final int EXIT_OK = 0;
    /** Exit status of a container that failed; the AM may restart it. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status when the configuration or launch environment is wrong; a restart cannot help. */
    public static final int EXIT_CONFIG = 2;
    /**
     * Exit status of a container that stopped because a dependency (a Kafka broker, a store) did not answer;
     * the AM relaunches it without counting it against the restart budget (75 is {@code EX_TEMPFAIL} of
     * sysexits.h).
     */
    public static final int EXIT_DEPENDENCY_UNAVAILABLE = 75;

    private ContainerLaunch() {
    }
}
