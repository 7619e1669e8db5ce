package dev.riffle.chaos;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A run's validated options (see {@link ChaosMain} for what each means). */
record RunSettings(long durationSeconds, long seed, Set<FaultKind> faults, int amKills, String store, long stopSeconds,
        double rate, long stepMs, int partitions, boolean useRunningGrid, Path gridHome, boolean keepGrid, Path runDir,
        Path jobPackage, Path baseConfig, Map<String, String> overrides, long drainSeconds, boolean exactlyOnceAlerts) {

    /** The wave of new visitors lifts the distinct count from ~300 to ~700: it crosses 500, re-arms below 350. */
    static final int REGULARS = 300;
    static final int WAVE = 400;
    static final long THRESHOLD = 500;
    static final String REARM_FRACTION = "0.3";
}
