package dev.riffle.examples.visitors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code visitor} and {@code ts} fields of a visit event and skips everything else
 * without building a tree: parsing is the biggest per-event cost of this job, so it reads only what
 * it needs. Thread-confined (one per task).
 *
 * <p>Two paths: {@link #scan} reads the common event, a flat JSON object of ASCII strings without
 * escapes, numbers and literals, straight from the bytes; anything else (nesting, escapes, non-ASCII,
 * or any doubt at all) goes to Jackson's streaming parser, which also decides every error. The scan
 * accepts nothing Jackson would reject or read differently ({@code VisitParserTest} compares the two
 * on mutated events).
 */
public final class VisitParser {

    /** Why an event cannot be counted; the name is the dead-letter reason. */
    public enum Problem {
        MALFORMED_JSON("malformed-json"),
        MISSING_VISITOR("missing-visitor"),
        MISSING_TS("missing-ts"),
        BAD_TS("bad-ts"),
        TOO_LARGE("too-large");

        private final String reason;

        Problem(String reason) {
            this.reason = reason;
        }

        /** The stable reason written to the dead-letter record. */
        public String reason() {
            return reason;
        }
    }

    /** An event that could not be parsed, with the problem. */
    public static final class InvalidVisitException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Problem problem;

        InvalidVisitException(Problem problem, String detail) {
            super(problem.reason() + ": " + detail);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private static final byte[] VISITOR = "visitor".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS = "ts".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** Longer names, strings or numbers go to Jackson, which applies its own length limits to them. */
    private static final int MAX_SCANNED_TOKEN = 1000;
    /** Digits of a {@code ts} the scan reads; 18 always fit a long. */
    private static final int MAX_TS_DIGITS = 18;

    private final int maxBytes;

    /** @param maxBytes events larger than this are rejected as {@link Problem#TOO_LARGE} */
    public VisitParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Parses one event.
     *
     * @param value the raw JSON bytes of the event
     * @throws InvalidVisitException if the event is not a JSON object with a non-blank string
     *     {@code visitor} and an integral {@code ts}
     */
    public Visit parse(byte[] value) throws InvalidVisitException {
        if (value == null) {
            throw new InvalidVisitException(Problem.MALFORMED_JSON, "the event has no value");
        }
        if (value.length > maxBytes) {
            throw new InvalidVisitException(Problem.TOO_LARGE,
                    value.length + " bytes is more than visitors.max.event.bytes=" + maxBytes);
        }
        final Visit scanned = scan(value);
        return scanned != null ? scanned : parseWithJackson(value);
    }

    /** The full parse, with Jackson: every event the scan leaves, and every error. */
    Visit parseWithJackson(byte[] value) throws InvalidVisitException {
        String visitor = null;
        long ts = 0;
        boolean hasTs = false;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidVisitException(Problem.MALFORMED_JSON, "the event is not a JSON object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                final String field = p.currentName();
                final JsonToken valueToken = p.nextToken();
                if ("visitor".equals(field)) {
                    if (valueToken != JsonToken.VALUE_STRING) {
                        throw new InvalidVisitException(Problem.MISSING_VISITOR, "visitor is not a string");
                    }
                    visitor = p.getText();
                } else if ("ts".equals(field)) {
                    if (valueToken != JsonToken.VALUE_NUMBER_INT) {
                        throw new InvalidVisitException(Problem.BAD_TS, "ts is not a whole number of epoch milliseconds");
                    }
                    ts = p.getLongValue();
                    hasTs = true;
                } else {
                    p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new InvalidVisitException(Problem.MALFORMED_JSON, "unexpected " + token);
            }
        } catch (JsonProcessingException e) {
            throw new InvalidVisitException(Problem.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidVisitException(Problem.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
        if (visitor == null || visitor.isBlank()) {
            throw new InvalidVisitException(Problem.MISSING_VISITOR, "the event has no visitor");
        }
        if (!hasTs) {
            throw new InvalidVisitException(Problem.MISSING_TS, "the event has no ts");
        }
        if (ts < 0) {
            throw new InvalidVisitException(Problem.BAD_TS, "ts " + ts + " is negative");
        }
        return new Visit(visitor, ts);
    }

    /**
     * The visit of a flat object of ASCII strings without escapes, numbers and literals, with a
     * non-blank string {@code visitor} and a non-negative integral {@code ts}; {@code null} for
     * anything else, which the caller hands to Jackson. Like the Jackson path it stops at the object's
     * closing brace, and a repeated field keeps its last value.
     */
    static Visit scan(byte[] b) {
        int i = skipWhitespace(b, 0);
        if (i >= b.length || b[i] != '{') {
            return null;
        }
        String visitor = null;
        long ts = -1;
        i = skipWhitespace(b, i + 1);
        while (true) {
            if (i >= b.length || b[i] != '"') {
                return null;
            }
            final int nameStart = i + 1;
            final int nameEnd = stringEnd(b, nameStart);
            if (nameEnd < 0) {
                return null;
            }
            i = skipWhitespace(b, nameEnd + 1);
            if (i >= b.length || b[i] != ':') {
                return null;
            }
            i = skipWhitespace(b, i + 1);
            if (i >= b.length) {
                return null;
            }
            final boolean isVisitor = same(b, nameStart, nameEnd, VISITOR);
            final boolean isTs = !isVisitor && same(b, nameStart, nameEnd, TS);
            final byte c = b[i];
            if (c == '"') {
                final int end = stringEnd(b, i + 1);
                if (end < 0 || isTs) {
                    return null;
                }
                if (isVisitor) {
                    // Only bytes 0x20-0x7f get here, which read the same in Latin-1 and UTF-8.
                    visitor = new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
                }
                i = end + 1;
            } else if (isVisitor) {
                return null;
            } else if (isTs) {
                final int start = i;
                long v = 0;
                while (i < b.length && b[i] >= '0' && b[i] <= '9' && i - start < MAX_TS_DIGITS) {
                    v = v * 10 + (b[i] - '0');
                    i++;
                }
                if (i == start || (b[start] == '0' && i - start > 1)) {
                    return null;
                }
                ts = v;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = numberEnd(b, i);
            } else if (c == 't') {
                i = literalEnd(b, i, TRUE);
            } else if (c == 'f') {
                i = literalEnd(b, i, FALSE);
            } else if (c == 'n') {
                i = literalEnd(b, i, NULL);
            } else {
                return null;
            }
            if (i < 0) {
                return null;
            }
            // After a value only a separator or the end of the object: "1.5" as ts, "01", "truex" stop here.
            i = skipWhitespace(b, i);
            if (i >= b.length) {
                return null;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return null;
            }
            i = skipWhitespace(b, i + 1);
        }
        if (visitor == null || ts < 0 || visitor.isBlank()) {
            return null;
        }
        return new Visit(visitor, ts);
    }

    private static int skipWhitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of a string starting at {@code i}, or -1 if it has anything but plain ASCII. */
    private static int stringEnd(byte[] b, int i) {
        final int limit = Math.min(b.length, i + MAX_SCANNED_TOKEN);
        for (int j = i; j < limit; j++) {
            final byte c = b[j];
            if (c == '"') {
                return j;
            }
            // Escapes, control characters and multi-byte UTF-8 (negative bytes) are Jackson's.
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** The end of a JSON number starting at {@code i}, or -1 if it is not one. */
    private static int numberEnd(byte[] b, int i) {
        int j = i;
        if (b[j] == '-') {
            j++;
        }
        if (j >= b.length) {
            return -1;
        }
        if (b[j] == '0') {
            j++;
        } else if (b[j] >= '1' && b[j] <= '9') {
            j = digitsEnd(b, j);
        } else {
            return -1;
        }
        if (j < b.length && b[j] == '.') {
            final int fraction = j + 1;
            j = digitsEnd(b, fraction);
            if (j == fraction) {
                return -1;
            }
        }
        if (j < b.length && (b[j] == 'e' || b[j] == 'E')) {
            j++;
            if (j < b.length && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            final int exponent = j;
            j = digitsEnd(b, exponent);
            if (j == exponent) {
                return -1;
            }
        }
        return j - i > MAX_SCANNED_TOKEN ? -1 : j;
    }

    private static int digitsEnd(byte[] b, int i) {
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int literalEnd(byte[] b, int i, byte[] literal) {
        if (b.length - i < literal.length) {
            return -1;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[i + k] != literal[k]) {
                return -1;
            }
        }
        return i + literal.length;
    }

    private static boolean same(byte[] b, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }
}
