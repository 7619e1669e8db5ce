package dev.riffle.runner.container;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.store.TaskStores;

/**
 * The production {@link TaskStoresFactory}: {@link NoStores} for a job without {@code stores.*}, else
 * the store assembly of {@code dev.riffle.runner.store}.
 */
public final class DefaultStores implements TaskStoresFactory {

    private static final String ASSEMBLY = "dev.riffle.runner.store.StoreAssembly";

    @Override
    public TaskStores open(final JobConfig config, final String taskName, final int partition) {
        if (config.subset("stores.").isEmpty()) {
            return new NoStores();
        }
        // Looked up by name so the runtime builds on its own while the store assembly evolves next to it.
        try {
            final Method open = Class.forName(ASSEMBLY).getMethod("open", JobConfig.class, String.class, int.class);
            return (TaskStores) open.invoke(null, config, taskName, partition);
        } catch (InvocationTargetException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("Opening the stores of task " + taskName + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This job configures stores (stores.*) but " + ASSEMBLY
                    + ".open(JobConfig, String, int) is not available in this build (" + e + ")", e);
        }
    }
}
