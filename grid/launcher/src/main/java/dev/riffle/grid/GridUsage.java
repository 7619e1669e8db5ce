package dev.riffle.grid;

/** The text of {@code scripts/grid --help}. */
final class GridUsage {

    static final String TEXT = """
            Usage: scripts/grid start|stop|status [SERVICE]...
                   scripts/grid COMMAND --help

            A single-node grid on 127.0.0.1 for development, demos and tests.
            SERVICE is one or more of: all kafka yarn redis cassandra  ("all" means all four).

            Commands:
              start   Start the named services (default: kafka yarn redis) and wait until each answers.
                      Already running services are left alone. Prints how long the start took.
              stop    Stop the named services (default: all four) by PID, NodeManager containers included.
              status  Show each service's address, PID and whether it answers (default: all four; exit 0
                      when every service that should run answers).

            Services and ports (environment overrides in brackets):
              kafka      KRaft broker+controller  9092 [RIFFLE_KAFKA_PORT], controller 9093 [RIFFLE_KAFKA_CONTROLLER_PORT]
              yarn       ResourceManager          8032 [RIFFLE_YARN_RM_PORT], web 8088 [RIFFLE_YARN_WEB_PORT],
                                                  scheduler 8030 [RIFFLE_YARN_SCHEDULER_PORT],
                                                  tracker 8031 [RIFFLE_YARN_TRACKER_PORT], admin 8033 [RIFFLE_YARN_ADMIN_PORT]
                         NodeManager              8041 [RIFFLE_YARN_NM_PORT], localizer 8040 [RIFFLE_YARN_NM_LOCALIZER_PORT],
                                                  web 8042 [RIFFLE_YARN_NM_WEB_PORT]
              redis      redis-server (AOF on)    6379 [RIFFLE_REDIS_PORT]
              cassandra  Cassandra 5 (CQL)        9042 [RIFFLE_CASSANDRA_PORT], storage 7000 [RIFFLE_CASSANDRA_STORAGE_PORT]

            Other environment:
              RIFFLE_GRID_HOME     data, logs, PID files and hadoop-conf/ (default: <repo>/.grid)
              RIFFLE_GRID_TIMEOUT  seconds each service may take to answer on start (default: 120)

            Hadoop clients (scripts/run-job.sh and others) use <grid home>/hadoop-conf when HADOOP_CONF_DIR
            is unset. Reset everything: scripts/grid stop all && rm -rf .grid

            Exit status: 0 success, 1 failure, 2 bad usage.
            """;

    private GridUsage() {
    }
}
