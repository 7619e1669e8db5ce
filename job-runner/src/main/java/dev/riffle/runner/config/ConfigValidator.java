package dev.riffle.runner.config;

import dev.riffle.api.BatchTask;
import dev.riffle.api.StreamTask;
import dev.riffle.api.ValidatingTask;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.runner.serde.Serdes;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a loaded {@link JobConfig} against the declared keys ({@link DeclaredKeys}: the runtime's,
 * those of every store backend on the class path, and the task's own when its class is on the class
 * path) and the rules that span keys (every store has a factory, the checkpoint store exists, serdes
 * and the task class resolve). Finds every problem in one pass; unknown keys under the declared
 * prefixes become warnings with the closest known key. Keys under other prefixes are left alone.
 */
public final class ConfigValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidator.class);

    /** Store factories that need no class. */
    public static final Set<String> BUILT_IN_STORE_FACTORIES = Set.of("memory", "redis", "cassandra");

    private static final String KAFKA_PREFIX = "systems.kafka.";
    private static final List<String> PASS_THROUGH = List.of("systems.kafka.consumer.", "systems.kafka.producer.");
    private static final List<String> FLAT_PREFIXES = List.of("job.", "task.", "yarn.", KAFKA_PREFIX);
    private static final String STORES = "stores.";
    private static final String STREAMS = "streams.";

    private final boolean checkClasses;
    private final Map<String, List<ConfigKey<?>>> backendKeys = DeclaredKeys.backends(DeclaredKeys.classLoader());
    private final List<ConfigKey<?>> storeKeys = new ArrayList<>(DeclaredKeys.commonStoreKeys());

    /**
     * @param checkClasses whether {@code task.class}, serde classes and store factory classes must be
     *     loadable here; off for a submission client that does not have the job's classes
     */
    public ConfigValidator(boolean checkClasses) {
        this.checkClasses = checkClasses;
        backendKeys.values().forEach(storeKeys::addAll);
    }

    /** A validator that checks classes. */
    public ConfigValidator() {
        this(true);
    }

    /** The problems and warnings of one validation. */
    public record Result(List<ConfigException> errors, List<String> warnings) {

        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        /** Whether there are no errors (warnings allowed). */
        public boolean valid() {
            return errors.isEmpty();
        }

        /** Throws every error at once, if any. */
        public void throwIfInvalid() {
            if (!errors.isEmpty()) {
                throw new ConfigValidationException(errors);
            }
        }
    }

    /**
     * Validates and returns the warnings.
     *
     * @throws ConfigValidationException listing every error
     */
    public List<String> validateOrThrow(JobConfig config) {
        final Result result = validate(config);
        result.throwIfInvalid();
        return result.warnings();
    }

    /** Validates without throwing; warnings are also logged. */
    public Result validate(JobConfig config) {
        final List<ConfigException> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final TaskKeys task = taskKeys(config, errors);
        final List<ConfigKey<?>> known = new ArrayList<>(RiffleConfig.keys());
        known.addAll(storeKeys);
        known.addAll(task.keys());
        final KeySuggester suggester = new KeySuggester(known);
        for (ConfigKey<?> key : known) {
            if (!key.isTemplate()) {
                attempt(errors, () -> config.get(key));
            }
        }
        final Set<String> stores = new TreeSet<>();
        for (String key : config.keys()) {
            if (key.startsWith(STORES)) {
                checkStoreKey(config, key, stores, errors, warnings, suggester);
            } else if (key.startsWith(STREAMS)) {
                checkTemplated(config, key, List.of(RiffleConfig.STREAM_KEY_SERDE, RiffleConfig.STREAM_MSG_SERDE),
                        errors, warnings, suggester);
            } else if (PASS_THROUGH.stream().anyMatch(key::startsWith)) {
                if (PASS_THROUGH.contains(key)) {
                    warnUnknown(key, warnings, suggester);
                }
            } else if (task.prefixes().stream().anyMatch(key::startsWith)) {
                if (declared(task.keys(), key).filter(k -> !k.isTemplate()).isEmpty()) {
                    checkTemplated(config, key, task.keys(), errors, warnings, suggester);
                }
            } else if (FLAT_PREFIXES.stream().anyMatch(key::startsWith) && declared(known, key).isEmpty()) {
                warnUnknown(key, warnings, suggester);
            }
        }
        for (String store : stores) {
            checkStore(config, store, errors, warnings);
        }
        checkCheckpointStore(config, stores, errors);
        if (errors.stream().noneMatch(e -> e.key().equals(RiffleConfig.TASK_CLASS.name()))) {
            if (checkClasses) {
                attempt(errors, () -> checkTaskClass(config));
            }
        }
        if (task.task() != null && errors.stream().noneMatch(e -> task.declares(e.key())
                || e.key().equals(RiffleConfig.TASK_CLASS.name()))) {
            attempt(errors, () -> task.task().validate(config));
        }
        for (String warning : warnings) {
            LOG.warn("Configuration warning for job {}: {}", config.get(RiffleConfig.JOB_NAME.name()).orElse("?"),
                    warning);
        }
        return new Result(errors, warnings);
    }

    private void checkStoreKey(JobConfig config, String key, Set<String> stores, List<ConfigException> errors,
                               List<String> warnings, KeySuggester suggester) {
        final int dot = key.indexOf('.', STORES.length());
        if (dot < 0) {
            warnUnknown(key, warnings, suggester);
            return;
        }
        final String store = key.substring(STORES.length(), dot);
        stores.add(store);
        final boolean declared = storeKeys.stream().anyMatch(k -> k.match(key).isPresent());
        if (!declared && (!knowsEveryKeyOf(config, store) || otherBackendsSetting(config, store, key))) {
            // A setting of a factory that is not on this class path: only the factory knows it. One of
            // another backend gets the "is ignored" warning of checkStore.
            return;
        }
        checkTemplated(config, key, storeKeys, errors, warnings, suggester);
    }

    private void checkTemplated(JobConfig config, String key, List<ConfigKey<?>> candidates,
                                List<ConfigException> errors, List<String> warnings, KeySuggester suggester) {
        for (ConfigKey<?> declared : candidates) {
            final Optional<String> placeholder = declared.match(key);
            if (placeholder.isPresent()) {
                attempt(errors, () -> config.get(declared, placeholder.get()));
                if (declared.name().endsWith(".serde")) {
                    attempt(errors, () -> checkSerde(key, config.get(key).orElse("")));
                }
                return;
            }
        }
        warnUnknown(key, warnings, suggester);
    }

    private void checkSerde(String key, String value) {
        final String name = value.trim();
        if (name.isEmpty() || Serdes.BUILT_INS.contains(name)) {
            return;
        }
        if (checkClasses) {
            Serdes.byName(key, name);
        } else if (name.indexOf('.') < 0) {
            throw new ConfigException(key, "'" + name + "' is not a serde; use one of "
                    + String.join(", ", Serdes.BUILT_INS) + " or the fully qualified class name of a serde");
        }
    }

    private void checkStore(JobConfig config, String store, List<ConfigException> errors, List<String> warnings) {
        final String factoryKey = RiffleConfig.STORE_FACTORY.name(store);
        final String factory = config.get(factoryKey).map(String::trim).orElse("");
        if (factory.isEmpty()) {
            errors.add(new ConfigException(factoryKey, "store '" + store + "' is configured but has no factory; set "
                    + factoryKey + " to memory, redis, cassandra or a factory class name"));
            return;
        }
        if (!BUILT_IN_STORE_FACTORIES.contains(factory)) {
            attempt(errors, () -> checkFactoryClass(factoryKey, factory, warnings));
        }
        // Backend settings on a store of another backend are most likely a copy-paste slip.
        final Set<String> backends = backendNames();
        if (backends.contains(factory)) {
            for (String backend : backends) {
                final String backendPrefix = STORES + store + "." + backend + ".";
                if (!factory.equals(backend) && config.keys().stream().anyMatch(k -> k.startsWith(backendPrefix))) {
                    warnings.add(backendPrefix + "* is ignored because " + factoryKey + " is " + factory);
                }
            }
        }
    }

    private void checkFactoryClass(String key, String factory, List<String> warnings) {
        if (factory.matches("[A-Za-z0-9_-]+")) {
            // A short name other than the built-ins must come from a ServiceLoader-registered factory.
            if (!checkClasses) {
                warnings.add(key + ": '" + factory + "' is not a built-in store factory (memory, redis, cassandra);"
                        + " the job's package must register it");
                return;
            }
            if (backendKeys.containsKey(factory)) {
                return;
            }
            throw new ConfigException(key, "'" + factory + "' is not a known store factory; use one of "
                    + String.join(", ", backendNames()) + " or a factory class name");
        }
        if (!factory.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+")) {
            throw new ConfigException(key, "'" + factory + "' is neither a store factory name (memory, redis,"
                    + " cassandra) nor a fully qualified class name");
        }
        if (checkClasses) {
            final Class<?> type = loadClass(key, factory);
            if (!StoreBackendFactory.class.isAssignableFrom(type)) {
                throw new ConfigException(key, "class " + factory + " does not implement "
                        + StoreBackendFactory.class.getName());
            }
        }
    }

    /** The built-in backends and those on this class path, by name. */
    private Set<String> backendNames() {
        final Set<String> names = new TreeSet<>(BUILT_IN_STORE_FACTORIES);
        names.addAll(backendKeys.keySet());
        return names;
    }

    /** Whether {@code key} is {@code stores.<store>.<backend>.*} of a backend other than the store's factory. */
    private boolean otherBackendsSetting(JobConfig config, String store, String key) {
        final String factory = config.get(RiffleConfig.STORE_FACTORY.name(store)).map(String::trim).orElse("");
        final String rest = key.substring(STORES.length() + store.length() + 1);
        final int dot = rest.indexOf('.');
        return dot > 0 && !rest.substring(0, dot).equals(factory) && backendNames().contains(rest.substring(0, dot));
    }

    /**
     * Whether every key the store may have is declared here: its factory is unset (an error of its own)
     * or a backend on this class path. A backend that is absent (its module is not on the client's class
     * path) has its keys checked where it runs, when the store is opened.
     */
    private boolean knowsEveryKeyOf(JobConfig config, String store) {
        final String factory = config.get(RiffleConfig.STORE_FACTORY.name(store)).map(String::trim).orElse("");
        return factory.isEmpty() || backendKeys.containsKey(factory);
    }

    private static void checkCheckpointStore(JobConfig config, Set<String> stores, List<ConfigException> errors) {
        final String key = RiffleConfig.TASK_CHECKPOINT_STORE.name();
        final String store = config.get(key).map(String::trim).orElse("");
        if (!store.isEmpty() && !stores.contains(store)) {
            errors.add(new ConfigException(key, "names store '" + store + "', which is not configured"
                    + (stores.isEmpty() ? "; no stores are configured" : "; configured stores: " + String.join(", ", stores))
                    + "; add " + RiffleConfig.STORE_FACTORY.name(store) + " or fix the name"));
        }
        final ConfigException ttl = checkpointStoreTtlProblem(config);
        if (ttl != null && errors.stream().noneMatch(e -> e.key().equals(ttl.key()))) {
            errors.add(ttl);
        }
    }

    /**
     * A wall-clock TTL on the checkpoint store would let state expire while the checkpoint that counts on it
     * stays (a job stopped longer than the TTL resumes over missing state), so it is refused.
     *
     * @return the error naming {@code stores.<checkpoint store>.ttl.ms}, or null when there is none
     */
    public static ConfigException checkpointStoreTtlProblem(JobConfig config) {
        final String store = config.get(RiffleConfig.TASK_CHECKPOINT_STORE.name()).map(String::trim).orElse("");
        if (store.isEmpty()) {
            return null;
        }
        final String ttlKey = RiffleConfig.STORE_TTL_MS.name(store);
        if (config.get(ttlKey).map(String::isBlank).orElse(true)) {
            return null;
        }
        return new ConfigException(ttlKey, "store '" + store + "' is the task.checkpoint.store, so its entries may not"
                + " expire by wall clock: a job stopped longer than the TTL would resume at its checkpoint over expired"
                + " state. Remove " + ttlKey + " and delete what the job no longer needs in event time, in the same"
                + " commit (see docs/state.md, Expiry), or keep the expiring data in a store of its own");
    }

    private static void checkTaskClass(JobConfig config) {
        final String key = RiffleConfig.TASK_CLASS.name();
        final String name = config.get(RiffleConfig.TASK_CLASS);
        final Class<?> type = loadClass(key, name);
        if (!StreamTask.class.isAssignableFrom(type) && !BatchTask.class.isAssignableFrom(type)) {
            throw new ConfigException(key, "class " + name + " implements neither " + StreamTask.class.getName()
                    + " nor " + BatchTask.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigException(key, "class " + name + " is abstract; name a concrete task class");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(key, "class " + name + " has no public no-argument constructor; add one"
                    + " (the runtime creates one task instance per partition)");
        }
    }

    /**
     * The task's own keys, when its class is on this class path and is a {@link ValidatingTask} (also
     * without class checks, e.g. in a client that has the job's jars); otherwise none.
     */
    private static TaskKeys taskKeys(JobConfig config, List<ConfigException> errors) {
        final String name = config.get(RiffleConfig.TASK_CLASS.name()).map(String::trim).orElse("");
        final Class<?> type;
        try {
            type = Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return TaskKeys.NONE;
        }
        try {
            final ValidatingTask task = DeclaredKeys.task(type);
            return task == null ? TaskKeys.NONE : new TaskKeys(task, List.copyOf(task.configKeys()));
        } catch (ConfigException e) {
            errors.add(e);
            return TaskKeys.NONE;
        }
    }

    /** A task's declared keys and the prefixes they live under ({@code visitors.}). */
    private record TaskKeys(ValidatingTask task, List<ConfigKey<?>> keys) {
        static final TaskKeys NONE = new TaskKeys(null, List.of());

        Set<String> prefixes() {
            final Set<String> result = new LinkedHashSet<>();
            for (ConfigKey<?> key : keys) {
                final int dot = key.name().indexOf('.');
                final String prefix = key.name().substring(0, dot + 1);
                if (dot > 0 && !prefix.equals(STORES) && !prefix.equals(STREAMS)
                        && FLAT_PREFIXES.stream().noneMatch(p -> p.startsWith(prefix) || prefix.startsWith(p))) {
                    result.add(prefix);
                }
            }
            return result;
        }

        boolean declares(String concreteKey) {
            return keys.stream().anyMatch(k -> k.match(concreteKey).isPresent());
        }
    }

    private static ClassLoader classLoader() {
        return DeclaredKeys.classLoader();
    }

    private static Class<?> loadClass(String key, String name) {
        try {
            // Not initialised: validation must not run a job's static initialisers.
            return Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, "class " + name + " is not on the classpath (" + e
                    + "); check the spelling and that the job's jar is in the package");
        }
    }

    private static Optional<ConfigKey<?>> declared(List<ConfigKey<?>> known, String key) {
        return known.stream().filter(k -> k.match(key).isPresent()).findFirst();
    }

    private static void warnUnknown(String key, List<String> warnings, KeySuggester suggester) {
        final String closest = suggester.closest(key);
        warnings.add(key + ": unknown key" + (closest == null ? "" : "; did you mean " + closest + "?"));
    }

    private static void attempt(List<ConfigException> errors, Runnable check) {
        try {
            check.run();
        } catch (ConfigValidationException e) {
            errors.addAll(e.problems());
        } catch (ConfigException e) {
            errors.add(e);
        }
    }
}
