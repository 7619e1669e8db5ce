package dev.riffle.state.redis;

import dev.riffle.api.config.ConfigException;
import dev.riffle.api.store.StoreException;
import dev.riffle.api.store.spi.StoreBackend;
import dev.riffle.api.store.spi.StoreBackendFactory;
import dev.riffle.api.store.spi.StoreSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
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

    static final String URI_SETTING = "redis.uri";
    static final String CLUSTER_NODES_SETTING = "redis.cluster.nodes";
    static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    private static final int TIMEOUT_MS = 5_000;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public StoreBackend open(StoreSpec spec) {
        final String rawUri = spec.config().getString(URI_SETTING, DEFAULT_URI).trim();
        final URI uri = parseUri(spec, rawUri);
        final String nodes = spec.config().getString(CLUSTER_NODES_SETTING, "").trim();
        final String where = nodes.isEmpty() ? "Redis at " + uri.getHost() + ":" + uri.getPort() : "Redis Cluster " + nodes;
        final UnifiedJedis jedis;
        try {
            jedis = nodes.isEmpty()
                    ? RedisClient.builder().fromURI(uri).clientConfig(clientConfig(uri)).build()
                    : RedisClusterClient.builder().nodes(parseNodes(spec, nodes)).clientConfig(clientConfig(uri)).build();
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

    private static URI parseUri(StoreSpec spec, String raw) {
        try {
            final URI uri = new URI(raw);
            if (!JedisURIHelper.isValid(uri) || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
                throw new URISyntaxException(raw, "expected redis://[user:password@]host:port[/db] or rediss://...");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(spec.key(URI_SETTING), "'" + raw + "' is not a Redis URI: " + e.getReason());
        }
    }

    private static Set<HostAndPort> parseNodes(StoreSpec spec, String raw) {
        final Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            final String node = part.trim();
            final int colon = node.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException("no port");
                }
                nodes.add(new HostAndPort(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new ConfigException(spec.key(CLUSTER_NODES_SETTING), "'" + node + "' is not host:port");
            }
        }
        if (nodes.isEmpty()) {
            throw new ConfigException(spec.key(CLUSTER_NODES_SETTING), "names no node; give host:port,...");
        }
        return nodes;
    }
}
