package dev.riffle.yarn.am.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus text exposition format 0.0.4, for tests: it rejects any line outside
 * the format's grammar, a TYPE after a family's samples or given twice, a family whose samples are
 * not one contiguous group, duplicate series, and histograms whose buckets are not cumulative or
 * whose {@code +Inf} bucket differs from {@code _count}.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: its TYPE, HELP and samples (a histogram's include {@code _bucket}, {@code _sum}, {@code _count}). */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)");

    private PrometheusText() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line on any violation. */
    public static Map<String, Family> parse(final String text) {
        final Map<String, String> types = new LinkedHashMap<>();
        final Map<String, String> helps = new LinkedHashMap<>();
        final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        final Set<String> closed = new HashSet<>();
        final Set<String> series = new HashSet<>();
        String current = null;
        final String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("The text does not end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i];
            final String where = "line " + (i + 1) + " '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                final Matcher help = HELP.matcher(line);
                final Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.containsKey(type.group(1)) || samples.containsKey(type.group(1))) {
                        throw new IllegalArgumentException(where + ": TYPE of " + type.group(1) + " after its samples or twice");
                    }
                    types.put(type.group(1), type.group(2));
                } else if (help.matches()) {
                    if (helps.put(help.group(1), help.group(2)) != null) {
                        throw new IllegalArgumentException(where + ": HELP of " + help.group(1) + " twice");
                    }
                } else if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                    throw new IllegalArgumentException(where + ": malformed HELP or TYPE");
                }
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !VALUE.matcher(m.group(4)).matches()) {
                throw new IllegalArgumentException(where + ": not a sample (name{labels} value [timestamp])");
            }
            final Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), where);
            final String family = familyOf(m.group(1), types);
            if (!family.equals(current)) {
                if (closed.contains(family)) {
                    throw new IllegalArgumentException(where + ": samples of " + family + " are not one group");
                }
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
            if (!series.add(m.group(1) + labels)) {
                throw new IllegalArgumentException(where + ": duplicate series");
            }
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(new Sample(m.group(1), labels, value(m.group(4))));
        }
        final Map<String, Family> result = new LinkedHashMap<>();
        samples.forEach((name, list) -> {
            final Family f = new Family(name, types.getOrDefault(name, "untyped"), helps.get(name), List.copyOf(list));
            if ("histogram".equals(f.type())) {
                checkHistogram(f);
            }
            result.put(name, f);
        });
        return result;
    }

    private static Map<String, String> labels(final String text, final String where) {
        final Map<String, String> labels = new TreeMap<>();
        final Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(where + ": malformed labels at '" + text.substring(at) + "'");
            }
            final String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw new IllegalArgumentException(where + ": label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        return labels;
    }

    /** The family a sample belongs to: a histogram's or summary's suffixed samples belong to the base name. */
    private static String familyOf(final String sample, final Map<String, String> types) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                final String base = sample.substring(0, sample.length() - suffix.length());
                final String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type) && !"_bucket".equals(suffix)) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static double value(final String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static void checkHistogram(final Family f) {
        final Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        final Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            final Map<String, String> series = new TreeMap<>(s.labels());
            if (s.name().endsWith("_bucket")) {
                if (series.remove("le") == null) {
                    throw new IllegalArgumentException(f.name() + ": a bucket without le: " + s);
                }
                buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(series, s.value());
            }
        }
        buckets.forEach((series, list) -> {
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample b : list) {
                final double le = value(b.labels().get("le"));
                if (le <= lastLe || b.value() < lastCount) {
                    throw new IllegalArgumentException(f.name() + " " + series + ": buckets not ascending or not cumulative at le="
                            + b.labels().get("le"));
                }
                lastLe = le;
                lastCount = b.value();
            }
            if (lastLe != Double.POSITIVE_INFINITY || !Double.valueOf(lastCount).equals(counts.get(series))) {
                throw new IllegalArgumentException(f.name() + " " + series + ": the +Inf bucket is missing or differs from _count");
            }
        });
    }
}
