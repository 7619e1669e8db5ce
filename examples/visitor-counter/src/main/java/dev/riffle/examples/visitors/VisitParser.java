package dev.riffle.examples.visitors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads the {@code visitor} and {@code ts} fields of a visit event and skips everything else
 * without building a tree: parsing is the biggest per-event cost of this job, so it reads only what
 * it needs. Thread-confined (one per task).
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
}
