package dev.riffle.runner.protocol;

/**
 * The application master's answer to a heartbeat (docs/yarn.md, section 4).
 *
 * @param recognised false: the AM does not run this logical container in this YARN container; it must
 *                   stop at once without committing
 * @param shutdown true: commit and exit (the job stops, or the container is relaunched with new tasks)
 * @param reason why, for the container's log; empty when there is nothing to say
 */
public record HeartbeatReply(int protocol, Boolean recognised, Boolean shutdown, String reason) implements Versioned {

    public HeartbeatReply {
        reason = reason == null ? "" : reason;
    }

    /** A reply of this build's version. */
    public static HeartbeatReply of(final boolean recognised, final boolean shutdown, final String reason) {
        return new HeartbeatReply(WireFormat.VERSION, recognised, shutdown, reason);
    }

    /** Whether both decisions are present (a reply without them is not from a Riffle AM). */
    public boolean complete() {
        return recognised != null && shutdown != null;
    }
}
