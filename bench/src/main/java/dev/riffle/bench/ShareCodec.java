package dev.riffle.bench;

import java.nio.charset.StandardCharsets;

import dev.riffle.examples.visitors.Partial;

/** The Kafka Streams peer's compact text form of a task's share: {@code task;version;maxTs;firstBucket;c,c,...}. */
final class ShareCodec {

    private ShareCodec() {
    }

    static String encode(final Partial p) {
        final StringBuilder text = new StringBuilder(64 + p.counts().length * 4);
        text.append(p.task()).append(';').append(p.version()).append(';').append(p.maxTs()).append(';')
                .append(p.firstBucket()).append(';');
        for (int i = 0; i < p.counts().length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(p.counts()[i]);
        }
        return text.toString();
    }

    static Partial decode(final String text) {
        final String[] parts = text.split(";", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("a share must have 5 fields separated by ';', got: " + text);
        }
        final String[] countTexts = parts[4].isEmpty() ? new String[0] : parts[4].split(",");
        final long[] counts = new long[countTexts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Long.parseLong(countTexts[i]);
        }
        return new Partial(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                Long.parseLong(parts[3]), counts);
    }

    static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
