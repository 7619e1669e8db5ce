package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class VisitParserTest {

    private final VisitParser parser = new VisitParser(200);

    private Visit parse(String json) throws VisitParser.InvalidVisitException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertProblem(String json, VisitParser.Problem problem) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(VisitParser.InvalidVisitException.class)
                .satisfies(e -> assertThat(((VisitParser.InvalidVisitException) e).problem()).isEqualTo(problem));
    }

    @Test
    void shouldReadVisitorAndTimestampAndSkipOtherFields() throws Exception {
        final Visit visit = parse("{\"action\":{\"nested\":[1,2]},\"visitor\":\"v-42\",\"ts\":1764133975000,\"x\":null}");
        assertThat(visit).isEqualTo(new Visit("v-42", 1764133975000L));
    }

    @Test
    void shouldRejectMalformedJson() {
        assertProblem("{\"visitor\":\"v-1\",\"ts\":", VisitParser.Problem.MALFORMED_JSON);
        assertProblem("[1,2]", VisitParser.Problem.MALFORMED_JSON);
        assertProblem("not json", VisitParser.Problem.MALFORMED_JSON);
    }

    @Test
    void shouldRejectMissingOrBlankVisitor() {
        assertProblem("{\"ts\":1}", VisitParser.Problem.MISSING_VISITOR);
        assertProblem("{\"visitor\":\" \",\"ts\":1}", VisitParser.Problem.MISSING_VISITOR);
        assertProblem("{\"visitor\":7,\"ts\":1}", VisitParser.Problem.MISSING_VISITOR);
    }

    @Test
    void shouldRejectMissingOrNonNumericTimestamp() {
        assertProblem("{\"visitor\":\"v\"}", VisitParser.Problem.MISSING_TS);
        assertProblem("{\"visitor\":\"v\",\"ts\":\"yesterday\"}", VisitParser.Problem.BAD_TS);
        assertProblem("{\"visitor\":\"v\",\"ts\":1.5}", VisitParser.Problem.BAD_TS);
        assertProblem("{\"visitor\":\"v\",\"ts\":-4}", VisitParser.Problem.BAD_TS);
    }

    @Test
    void shouldRejectEventsOverTheSizeLimit() {
        assertProblem("{\"visitor\":\"" + "v".repeat(300) + "\",\"ts\":1}", VisitParser.Problem.TOO_LARGE);
    }
}
