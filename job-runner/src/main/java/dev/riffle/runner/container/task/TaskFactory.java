package dev.riffle.runner.container.task;

import java.lang.reflect.InvocationTargetException;

import dev.riffle.api.BatchTask;
import dev.riffle.api.StreamTask;
import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;
import dev.riffle.runner.config.RiffleConfig;

/** Makes task instances of {@code task.class}: one per task, through its public no-argument constructor. */
public final class TaskFactory {

    private TaskFactory() {
    }

    /**
     * A new instance of the job's task class.
     *
     * @throws ConfigException naming {@code task.class} when the class is missing, of the wrong type or cannot be built
     */
    public static Object newTask(final JobConfig config) {
        final String className = config.get(RiffleConfig.TASK_CLASS).trim();
        final Class<?> type;
        try {
            final ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, true, loader != null ? loader : TaskFactory.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "class " + className
                    + " is not on the container's classpath; check the name and that the job package contains it");
        }
        if (!StreamTask.class.isAssignableFrom(type) && !BatchTask.class.isAssignableFrom(type)) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "class " + className + " implements neither "
                    + StreamTask.class.getName() + " nor " + BatchTask.class.getName());
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "class " + className
                    + " has no public no-argument constructor; add one");
        } catch (InvocationTargetException e) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "the constructor of " + className + " failed: "
                    + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(RiffleConfig.TASK_CLASS.name(), "class " + className
                    + " cannot be instantiated (" + e + "); make it and its constructor public");
        }
    }
}
