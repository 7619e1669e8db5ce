package dev.riffle.state.cassandra;

import dev.riffle.api.store.CheckpointConflictException;
import dev.riffle.api.store.FencedException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.TaskScope;
import dev.riffle.api.store.spi.WriteBatch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;

/**
 * Keeps a store in one Cassandra table where a task is one partition:
 *
 * <pre>
 * CREATE TABLE riffle_state (job text, job_id text, store text, task text, key blob, value blob,
 *     generation bigint STATIC, checkpoint blob STATIC, PRIMARY KEY ((job, job_id, store, task), key))
 * </pre>
 *
 * <p>Because the generation and checkpoint are static columns of the task's partition, a commit is one
 * single-partition conditional batch ({@code UPDATE ... SET checkpoint = ? ... IF generation = ? AND checkpoint = ?}
 * plus the task's inserts and deletes): atomic and isolated, and rejected as a whole when the generation moved
 * or the checkpoint is not the one the task last committed.
 * Reads are {@code key IN ?} queries of at most {@value #READ_CHUNK} keys, several in flight at once.
 */
final class CassandraBackend implements StoreBackend {

    static final String TABLE = "riffle_state";
    static final int READ_CHUNK = 100;
    static final int MAX_IN_FLIGHT = 8;

    private static final String PARTITION = "job = ? AND job_id = ? AND store = ? AND task = ?";

    private final CqlSession session;
    private final String store;
    private final String where;
    private final ConsistencyLevel consistency;
    private final PreparedStatement read;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement checkpoint;
    private final PreparedStatement readStatic;
    private final PreparedStatement raiseGeneration;

    CassandraBackend(CqlSession session, String store, String keyspace, String replication, ConsistencyLevel consistency,
                     String where) {
        this.session = session;
        this.store = store;
        this.where = where;
        this.consistency = consistency;
        final String table = keyspace + "." + TABLE;
        call("create keyspace " + keyspace + " and table " + table, () -> {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
            session.execute("CREATE TABLE IF NOT EXISTS " + table + " (job text, job_id text, store text, task text,"
                    + " key blob, value blob, generation bigint STATIC, checkpoint blob STATIC,"
                    + " PRIMARY KEY ((job, job_id, store, task), key))");
            return null;
        });
        this.read = prepare("SELECT key, value FROM " + table + " WHERE " + PARTITION + " AND key IN ?");
        this.insert = prepare("INSERT INTO " + table + " (job, job_id, store, task, key, value) VALUES (?, ?, ?, ?, ?, ?)"
                + " USING TTL ?");
        this.delete = prepare("DELETE FROM " + table + " WHERE " + PARTITION + " AND key = ?");
        this.checkpoint = prepare("UPDATE " + table + " SET checkpoint = ? WHERE " + PARTITION
                + " IF generation = ? AND checkpoint = ?");
        this.readStatic = prepare("SELECT generation, checkpoint FROM " + table + " WHERE " + PARTITION + " LIMIT 1");
        this.raiseGeneration = prepare("UPDATE " + table + " SET generation = ? WHERE " + PARTITION + " IF generation = ?");
    }

    private PreparedStatement prepare(String cql) {
        return call("prepare '" + cql + "'", () -> session.prepare(cql));
    }

    @Override
    public List<byte[]> getAll(TaskScope scope, List<byte[]> keys) {
        return call("read " + keys.size() + " keys of " + scope, () -> {
            final Map<ByteBuffer, byte[]> found = new HashMap<>();
            final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (int from = 0; from < keys.size(); from += READ_CHUNK) {
                final List<ByteBuffer> chunk = new ArrayList<>();
                for (byte[] key : keys.subList(from, Math.min(keys.size(), from + READ_CHUNK))) {
                    chunk.add(ByteBuffer.wrap(key));
                }
                final BoundStatement query = read.bind(scope.jobName(), scope.jobId(), scope.store(), scope.task(), chunk)
                        .setConsistencyLevel(consistency);
                inFlight.add(session.executeAsync(query).toCompletableFuture()
                        .thenCompose(page -> collect(page, found)));
                if (inFlight.size() == MAX_IN_FLIGHT) {
                    await(inFlight);
                }
            }
            await(inFlight);
            final List<byte[]> values = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                values.add(found.get(ByteBuffer.wrap(key)));
            }
            return values;
        });
    }

    private static CompletableFuture<Void> collect(AsyncResultSet page, Map<ByteBuffer, byte[]> found) {
        for (Row row : page.currentPage()) {
            final ByteBuffer value = row.getByteBuffer("value");
            if (value != null) {
                synchronized (found) {
                    found.put(row.getByteBuffer("key"), bytes(value));
                }
            }
        }
        return page.hasMorePages()
                ? page.fetchNextPage().toCompletableFuture().thenCompose(next -> collect(next, found))
                : CompletableFuture.completedFuture(null);
    }

    private static void await(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        } finally {
            futures.clear();
        }
    }

    @Override
    public void write(TaskScope scope, WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        final BatchStatementBuilder statement = BatchStatement.builder(DefaultBatchType.UNLOGGED);
        addWrites(statement, scope, batch);
        call("write " + batch.size() + " keys of " + scope,
                () -> session.execute(statement.setConsistencyLevel(consistency).build()));
    }

    @Override
    public void commit(TaskScope scope, WriteBatch batch, long generation, byte[] expected, byte[] stored) {
        // One partition, so the conditional batch is atomic and isolated; the condition guards every statement.
        final BatchStatementBuilder statement = BatchStatement.builder(DefaultBatchType.UNLOGGED);
        statement.addStatement(checkpoint.bind(ByteBuffer.wrap(stored), scope.jobName(), scope.jobId(), scope.store(),
                scope.task(), generation, expected == null ? null : ByteBuffer.wrap(expected)));
        addWrites(statement, scope, batch);
        final ResultSet result = call("commit " + batch.size() + " keys and the checkpoint of " + scope,
                () -> session.execute(statement.setConsistencyLevel(consistency).build()));
        if (!result.wasApplied()) {
            final Row current = result.one();
            if (current != null && !current.isNull("generation") && current.getLong("generation") == generation) {
                if (!current.isNull("checkpoint") && Arrays.equals(bytes(current.getByteBuffer("checkpoint")), stored)) {
                    // A retry of a commit that landed: its writes and checkpoint are there already.
                    return;
                }
                throw new CheckpointConflictException("The commit of " + scope + " with generation " + generation
                        + " was rejected: " + where + " holds another checkpoint than the one the task last committed;"
                        + " nothing of this commit was written.");
            }
            if (current == null || current.isNull("generation")) {
                throw new FencedException("The commit of " + scope + " with generation " + generation + " was rejected: "
                        + where + " holds no generation for the task, so it lost the task's partition (truncated or"
                        + " deleted). This container must stop; nothing of this commit was written, and the next start"
                        + " checks what was lost (docs/state.md, \"A store that lost data\").");
            }
            throw new FencedException("The commit of " + scope + " with generation " + generation + " was rejected: "
                    + where + " holds generation " + current.getLong("generation") + ", so another container has taken"
                    + " the task. This container must stop; nothing of this commit was written.");
        }
    }

    private void addWrites(BatchStatementBuilder statement, TaskScope scope, WriteBatch batch) {
        final int ttlSeconds = (int) Math.min(Integer.MAX_VALUE, (batch.ttlMs() + 999) / 1000);
        for (WriteBatch.Write write : batch.writes()) {
            final ByteBuffer key = ByteBuffer.wrap(write.key());
            final BoundStatement one = write.isDelete()
                    ? delete.bind(scope.jobName(), scope.jobId(), scope.store(), scope.task(), key)
                    : insert.bind(scope.jobName(), scope.jobId(), scope.store(), scope.task(), key,
                            ByteBuffer.wrap(write.value()), ttlSeconds);
            statement.addStatement(one);
        }
    }

    @Override
    public long claim(TaskScope scope) {
        return call("claim " + scope, () -> {
            while (true) {
                final Row row = session.execute(readStatic.bind(scope.jobName(), scope.jobId(), scope.store(), scope.task())
                        .setConsistencyLevel(serial())).one();
                final Long current = row == null || row.isNull("generation") ? null : row.getLong("generation");
                final long next = current == null ? 1 : current + 1;
                final ResultSet raised = session.execute(raiseGeneration.bind(next, scope.jobName(), scope.jobId(),
                        scope.store(), scope.task(), current).setConsistencyLevel(consistency));
                if (raised.wasApplied()) {
                    return next;
                }
                // Another container claimed in between: read again and go one higher.
            }
        });
    }

    @Override
    public Optional<byte[]> readCheckpoint(TaskScope scope) {
        return call("read the checkpoint of " + scope, () -> {
            final Row row = session.execute(readStatic.bind(scope.jobName(), scope.jobId(), scope.store(), scope.task())
                    .setConsistencyLevel(serial())).one();
            return row == null || row.isNull("checkpoint") ? Optional.<byte[]>empty()
                    : Optional.of(bytes(row.getByteBuffer("checkpoint")));
        });
    }

    /** Serial reads see the outcome of every conditional write, even one whose client timed out. */
    private ConsistencyLevel serial() {
        return consistency == DefaultConsistencyLevel.LOCAL_QUORUM || consistency == DefaultConsistencyLevel.LOCAL_ONE
                ? DefaultConsistencyLevel.LOCAL_SERIAL : DefaultConsistencyLevel.SERIAL;
    }

    @Override
    public void close() {
        session.close();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        final byte[] result = new byte[buffer.remaining()];
        buffer.duplicate().get(result);
        return result;
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (DriverException e) {
            throw failure(store, what, where, e);
        }
    }

    /** Invalid queries cannot heal; everything else (no node, timeouts, unavailable) may. */
    static StoreException failure(String store, String what, String where, DriverException e) {
        if (e instanceof QueryValidationException) {
            return new StoreException("Store " + store + " could not " + what + " in " + where + ": " + e.getMessage()
                    + ". Check the keyspace, the table and the credentials.", false, e);
        }
        return new StoreException("Store " + store + " could not " + what + " because " + where
                + " failed or is unreachable: " + e.getMessage(), true, e);
    }
}
