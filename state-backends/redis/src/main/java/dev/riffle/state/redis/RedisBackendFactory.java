package dev.riffle.state.redis;

import dev.riffle.api.config.ConfigKey;
import dev.riffle.api.config.Validators;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The {@code redis} store backend. {@code stores.<name>.redis.uri} ({@code redis://} or {@code rediss://}
 * for TLS, user and password in the URI) names a standalone server; {@code stores.<name>.redis.cluster.nodes}
 * ({@code host:port,...}) a Redis Cluster, which then takes its credentials and TLS from {@code redis.uri}
 * when that is set.
 */
public final class RedisBackendFactory implements StoreBackendFactory {

    /** {@code stores.<name>.redis.uri}. */
    public static final ConfigKey<String> URI_KEY = ConfigKey.string("stores.<name>.redis.uri")
            .defaultValue("redis://127.0.0.1:6379")
            .check(RedisBackendFactory::uriProblem)
            .build("Redis server, redis:// or rediss:// (TLS); a password goes in the URI.");

    /** {@code stores.<name>.redis.cluster.nodes}. */
    public static final ConfigKey<List<String>> CLUSTER_NODES_KEY = ConfigKey.list("stores.<name>.redis.cluster.nodes")
            .check(Validators.notEmpty("host:port")).check(Validators.hostPorts())
            .build("host:port,... of a Redis Cluster; overrides redis.uri.");

    private static final int TIMEOUT_MS = 5_000;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(URI_KEY, CLUSTER_NODES_KEY);
    }

    @Override
    public StoreBackend open(StoreSpec spec) {
        final URI uri = URI.create(spec.get(URI_KEY).trim());
        final List<String> nodes = spec.get(CLUSTER_NODES_KEY);
        final String where = nodes == null ? "Redis at " + uri.getHost() + ":" + uri.getPort()
                : "Redis Cluster " + String.join(",", nodes);
        final UnifiedJedis jedis;
        try {
            jedis = nodes == null
                    ? RedisClient.builder().fromURI(uri).clientConfig(clientConfig(uri)).build()
                    : RedisClusterClient.builder().nodes(hostsAndPorts(nodes)).clientConfig(clientConfig(uri)).build();
        } catch (JedisException e) {
            // A cluster client reads the topology when built, so an outage can surface here.
            throw new StoreException("Cannot open " + spec + " because " + where + " is unreachable: " + e.getMessage(),
                    true, e);
        }
        return new RedisBackend(jedis, spec.storeName(), where);
    }

    private static DefaultJedisClientConfig clientConfig(URI uri) {
        final DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("riffle");
        final String password = JedisURIHelper.getPassword(uri);
        if (password != null) {
            config.user(JedisURIHelper.getUser(uri)).password(password);
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        return config.build();
    }

    /** A redis:// or rediss:// URI with a host, a valid port and, if given, a database number. */
    static String uriProblem(String value) {
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            return "must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379";
        }
        final URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a valid URI: " + e.getReason();
        }
        if (uri.getHost() == null) {
            return "has no host; write redis://host:port";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return "has port " + uri.getPort() + "; use 1-65535";
        }
        if (uri.getPort() < 0) {
            return "has no port; write redis://host:port, e.g. redis://127.0.0.1:6379";
        }
        final String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d*")) {
            return "has path '" + path + "'; only a database number is allowed, e.g. redis://host:6379/0";
        }
        return null;
    }

    /** Nodes already checked by {@link Validators#hostPorts()}. */
    private static Set<HostAndPort> hostsAndPorts(List<String> nodes) {
        final Set<HostAndPort> result = new LinkedHashSet<>();
        for (String node : nodes) {
            final int colon = node.lastIndexOf(':');
            result.add(new HostAndPort(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))));
        }
        return result;
    }
}
