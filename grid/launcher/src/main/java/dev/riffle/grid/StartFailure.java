package dev.riffle.grid;

import java.nio.file.Path;

/** A grid process that did not come up: which one, why, and the log that says more. */
final class StartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Component component;
    private final transient Path log;

    StartFailure(final Component component, final String cause, final Path log) {
        super(cause);
        this.component = component;
        this.log = log;
    }

    Component component() {
        return component;
    }

    Path log() {
        return log;
    }
}
