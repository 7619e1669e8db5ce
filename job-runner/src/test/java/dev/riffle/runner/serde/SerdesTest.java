package dev.riffle.runner.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.api.config.ConfigException;
import dev.riffle.api.serde.Serde;
import dev.riffle.api.serde.SerdeException;
import dev.riffle.runner.config.JobConfig;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerdesTest {

    /** A custom serde, loaded by class name. */
    public static final class UpperCaseSerde implements Serde<String> {
        @Override
        public byte[] toBytes(String object) {
            return object == null ? null : object.toUpperCase().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String fromBytes(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Has no no-argument constructor. */
    public static final class NeedsArgumentSerde implements Serde<String> {
        public NeedsArgumentSerde(String unused) {
        }

        @Override
        public byte[] toBytes(String object) {
            return null;
        }

        @Override
        public String fromBytes(byte[] bytes) {
            return null;
        }
    }

    /** A pair serialised by the json serde. */
    public record Point(int x, String label) {
    }

    @Test
    void shouldRoundTripUtf8Strings() {
        final Serde<String> serde = Serdes.byName("string");
        assertThat(serde.toBytes("zürich ✓")).isEqualTo("zürich ✓".getBytes(StandardCharsets.UTF_8));
        assertThat(serde.fromBytes(serde.toBytes("zürich ✓"))).isEqualTo("zürich ✓");
    }

    @Test
    void shouldReadAsciiAndMixedTextAlike() {
        final Serde<String> serde = Serdes.byName("string");
        assertThat(serde.fromBytes("v:visitor-42\u007f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("v:visitor-42\u007f");
        assertThat(serde.fromBytes(new byte[0])).isEmpty();
        assertThat(serde.fromBytes("abc é".getBytes(StandardCharsets.UTF_8))).isEqualTo("abc é");
    }

    @Test
    void shouldRejectMalformedUtf8() {
        final Serde<String> serde = Serdes.byName("string");
        assertThatThrownBy(() -> serde.fromBytes(new byte[] {'a', (byte) 0xC3}))
                .isInstanceOf(SerdeException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void shouldEncodeLongsAsEightBytesBigEndian() {
        final Serde<Long> serde = Serdes.byName("long");
        assertThat(serde.toBytes(258L)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(serde.fromBytes(serde.toBytes(-42L))).isEqualTo(-42L);
        assertThat(serde.fromBytes(serde.toBytes(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldNameTheLengthOfATooShortLong() {
        final Serde<Long> serde = Serdes.byName("long");
        assertThatThrownBy(() -> serde.fromBytes(new byte[3]))
                .isInstanceOf(SerdeException.class).hasMessageContaining("expected 8 bytes for a long, got 3");
    }

    @Test
    void shouldReadJsonIntoATreeAndWriteMapsPojosAndTrees() {
        final Serde<Object> serde = Serdes.byName("json");
        final JsonNode node = (JsonNode) serde.fromBytes(
                "{\"visitor\":\"v-42\",\"ts\":1764133975000}".getBytes(StandardCharsets.UTF_8));
        assertThat(node.get("visitor").asText()).isEqualTo("v-42");
        assertThat(node.get("ts").asLong()).isEqualTo(1764133975000L);

        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", 3);
        map.put("at", 10L);
        assertThat(new String(serde.toBytes(map), StandardCharsets.UTF_8)).isEqualTo("{\"count\":3,\"at\":10}");
        assertThat(new String(serde.toBytes(new Point(1, "a")), StandardCharsets.UTF_8))
                .isEqualTo("{\"x\":1,\"label\":\"a\"}");
        assertThat(serde.toBytes(node)).isEqualTo("{\"visitor\":\"v-42\",\"ts\":1764133975000}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSayWhereJsonIsMalformed() {
        final Serde<Object> serde = Serdes.byName("json");
        assertThatThrownBy(() -> serde.fromBytes("{\n  \"a\": x}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerdeException.class)
                .hasMessageContaining("not valid JSON at line 2 column ")
                .hasMessageContaining("Unrecognized token 'x'");
        assertThatThrownBy(() -> serde.fromBytes(new byte[0]))
                .isInstanceOf(SerdeException.class).hasMessageContaining("no JSON document");
    }

    @Test
    void shouldPassBytesThrough() {
        final Serde<byte[]> serde = Serdes.byName("bytes");
        final byte[] raw = {1, 2, (byte) 0xFF};
        assertThat(serde.toBytes(raw)).isSameAs(raw);
        assertThat(serde.fromBytes(raw)).isSameAs(raw);
    }

    @Test
    void shouldMapNullToNullInEveryBuiltIn() {
        for (String name : Serdes.BUILT_INS) {
            final Serde<Object> serde = Serdes.byName(name);
            assertThat(serde.toBytes(null)).as(name).isNull();
            assertThat(serde.fromBytes(null)).as(name).isNull();
        }
    }

    @Test
    void shouldInstantiateACustomSerdeByClassName() {
        final Serde<String> serde = Serdes.byName(UpperCaseSerde.class.getName());
        assertThat(serde).isInstanceOf(UpperCaseSerde.class);
        assertThat(serde.toBytes("ab")).isEqualTo("AB".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldListTheBuiltInsForAnUnknownName() {
        assertThatThrownBy(() -> Serdes.byName("jsno"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jsno'")
                .hasMessageContaining("string, long, json, bytes");
    }

    @Test
    void shouldExplainWhyAClassIsNotASerde() {
        assertThatThrownBy(() -> Serdes.byName(String.class.getName()))
                .hasMessageContaining("does not implement dev.riffle.api.serde.Serde");
        assertThatThrownBy(() -> Serdes.byName(NeedsArgumentSerde.class.getName()))
                .hasMessageContaining("no public no-argument constructor");
    }

    @Test
    void shouldResolveStreamAndStoreSerdesFromConfigWithStringDefault() {
        final JobConfig config = JobConfig.of(Map.of(
                "streams.visits.msg.serde", "json",
                "stores.counts.value.serde", "long"));
        assertThat(Serdes.forStreamKey(config, "visits")).isInstanceOf(StringSerde.class);
        assertThat(Serdes.forStreamValue(config, "visits")).isInstanceOf(JsonSerde.class);
        assertThat(Serdes.forStoreKey(config, "counts")).isInstanceOf(StringSerde.class);
        assertThat(Serdes.forStoreValue(config, "counts")).isInstanceOf(LongSerde.class);
    }

    @Test
    void shouldReportAnUnknownConfiguredSerdeAgainstItsKey() {
        final JobConfig config = JobConfig.of(Map.of("stores.counts.key.serde", "strnig"));
        assertThatThrownBy(() -> Serdes.forStoreKey(config, "counts"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error: stores.counts.key.serde: ")
                .hasMessageContaining("strnig");
    }
}
