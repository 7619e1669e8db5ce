package dev.riffle.api;

/**
 * Sends a task's output. Sends are asynchronous; the runtime flushes them before it records the
 * input offsets of a commit, so output is at-least-once with respect to input. Not thread-safe:
 * use it only on the task's thread, during the call that received it.
 */
public interface MessageCollector {

    /**
     * Sends one message to its topic, serialised with the serdes configured for that topic
     * ({@code streams.<topic>.key.serde} / {@code .msg.serde}).
     *
     * @param message the message, never {@code null}
     */
    void send(OutgoingMessage message);

    /**
     * Routes an input message the task cannot use to the job's dead-letter topic
     * ({@code task.dead-letter.topic}), with the reason and the message's origin in its headers.
     * Processing continues with the next message.
     *
     * @param message the offending input message
     * @param reason a short, stable reason such as {@code malformed-json} or {@code late}
     */
    void deadLetter(IncomingMessage message, String reason);
}
