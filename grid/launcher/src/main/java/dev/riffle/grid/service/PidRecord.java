package dev.riffle.grid.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What a PID file holds: "{@code <pid> <start instant millis>}". The start time tells a live server
 * from a recycled PID, so a stale file never leads to signalling a stranger.
 */
public record PidRecord(long pid, long startMillis) {

    /** The record of a running process. */
    public static PidRecord of(final ProcessHandle handle) {
        return new PidRecord(handle.pid(), startMillis(handle));
    }

    /** The record in {@code file}, or empty when there is none or it cannot be read. */
    public static Optional<PidRecord> read(final Path file) {
        try {
            final String[] parts = Files.readString(file).trim().split(" ");
            return Optional.of(new PidRecord(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : -1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The process this record names, if it still runs (same PID and same start time). */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startMillis(h) == startMillis);
    }

    public String text() {
        return pid + " " + startMillis;
    }

    private static long startMillis(final ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
