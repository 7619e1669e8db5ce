package dev.riffle.testing;

/** Logging configurations for the servers the fixtures fork: INFO to stdout, which goes to the log file. */
final class ForkedLogging {

    private ForkedLogging() {
    }

    /** A Log4j2 configuration (the Kafka broker uses Log4j2 through SLF4J). */
    static String log4j2Config(final String name) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN" name="riffle-fixture-%s">
                  <Appenders>
                    <Console name="stdout" target="SYSTEM_OUT">
                      <PatternLayout pattern="%%d{HH:mm:ss.SSS} %%-5p [%%t] %%c{1} - %%m%%n"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                    <Root level="INFO"><AppenderRef ref="stdout"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(name);
    }

    /** A Logback configuration (Cassandra ships Logback, which logs DEBUG to stdout unless configured). */
    static String logbackConfig() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
    }
}
