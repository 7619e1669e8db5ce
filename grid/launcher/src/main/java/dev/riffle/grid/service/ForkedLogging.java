package dev.riffle.grid.service;

/**
 * Logging configurations for the servers the grid and the fixtures fork: INFO to stdout, which
 * {@link ServiceProcess} appends to the server's log file.
 */
public final class ForkedLogging {

    private ForkedLogging() {
    }

    /** A Log4j2 configuration (the Kafka broker through SLF4J; the ResourceManager and NodeManager through log4j-1.2-api). */
    public static String log4j2Config(final String name) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN" name="riffle-%s">
                  <Appenders>
                    <Console name="stdout" target="SYSTEM_OUT">
                      <PatternLayout pattern="%%d{ISO8601} %%-5p [%%t] %%c{1} - %%m%%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                    <!-- Per-request and per-partition chatter would drown the lines a person needs. -->
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
                    <!-- There is no native Hadoop library here, and the Java fallbacks are fine. -->
                    <Logger name="org.apache.hadoop.util.NativeCodeLoader" level="ERROR"/>
                    <Root level="INFO"><AppenderRef ref="stdout"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(name);
    }

    /** A Logback configuration (Cassandra ships Logback, which logs DEBUG to stdout unless configured). */
    public static String logbackConfig() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration scan="false">
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
    }
}
