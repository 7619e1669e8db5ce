package dev.riffle.examples.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

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

    @Test
    void shouldScanTheGeneratorsEventsWithoutJackson() throws Exception {
        final VisitGenerator events = new VisitGenerator(new VisitGenerator.Options(1_000, 100, 7, 1_764_133_975_000L, 10, -1, 0));
        for (VisitGenerator.Event e : events) {
            final String withExtras = e.json().replace("}", ",\"page\":\"/hotels/12\",\"ref\":null}");
            for (String json : new String[] {e.json(), withExtras, " {\n  \"ts\" : " + e.ts() + " , \"visitor\" :\"" + e.visitor() + "\"\t}"}) {
                assertThat(VisitParser.scan(json.getBytes(StandardCharsets.UTF_8))).as(json)
                        .isEqualTo(new Visit(e.visitor(), e.ts()));
            }
        }
    }

    @Test
    void shouldLeaveEverythingUnusualToJackson() {
        for (String json : new String[] {
                "{\"visitor\":\"v\\u0041\",\"ts\":1}", "{\"visitor\":\"v\u00e9\",\"ts\":1}",
                "{\"visitor\":\"v\",\"ts\":1,\"a\":{\"b\":1}}", "{\"visitor\":\"v\",\"ts\":1,\"a\":[1]}",
                "{\"visitor\":\"v\",\"ts\":1.0}", "{\"visitor\":\"v\",\"ts\":01}", "{\"visitor\":\"v\",\"ts\":-0}",
                "{\"visitor\":\"v\",\"ts\":12345678901234567890}", "{\"visitor\":\"v\",\"ts\":1,\"x\":01}",
                "{\"visitor\":\"v\",\"ts\":1,\"x\":truex}", "{\"visitor\":\"v\",\"ts\":1,}", "{\"visitor\":\"v\",\"ts\":1",
                "\ufeff{\"visitor\":\"v\",\"ts\":1}", "{\"visitor\":\" \",\"ts\":1}", "{}"}) {
            assertThat(VisitParser.scan(json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
        }
    }

    /**
     * Mutates events at random (bytes replaced, inserted, deleted, cut) and checks that whatever the
     * scan accepts, Jackson reads as the same visit; the rest goes to Jackson, so the outcome of
     * {@link VisitParser#parse} is Jackson's on every input.
     */
    @Test
    void shouldAcceptOnlyWhatJacksonReadsTheSame() {
        final Random random = new Random(42);
        final String alphabet = "{}[]\":,.-+eE0123456789 \t\n\\/atrufnlsvisitorTS\u00e9\u0001";
        final String[] seeds = {
            "{\"visitor\":\"v-17\",\"action\":\"view\",\"ts\":1764133975000}",
            "{\"ts\":0,\"visitor\":\"a b\",\"n\":-1.5e+3,\"t\":true,\"f\":false,\"z\":null}",
            "{\"visitor\":\"v\",\"ts\":1,\"visitor\":\"w\",\"ts\":2}",
        };
        int scanned = 0;
        for (int round = 0; round < 200_000; round++) {
            final StringBuilder json = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int m = random.nextInt(3); m >= 0 && json.length() > 0; m--) {
                final int at = random.nextInt(json.length());
                final char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(4)) {
                    case 0 -> json.setCharAt(at, c);
                    case 1 -> json.insert(at, c);
                    case 2 -> json.deleteCharAt(at);
                    default -> json.setLength(at);
                }
            }
            final byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            final Visit fast = VisitParser.scan(bytes);
            if (fast == null) {
                continue;
            }
            scanned++;
            final Visit full;
            try {
                full = parser.parseWithJackson(bytes);
            } catch (VisitParser.InvalidVisitException e) {
                throw new AssertionError("the scan read " + fast + " from " + json + " but Jackson rejects it: " + e.getMessage(), e);
            }
            assertThat(fast).as(json.toString()).isEqualTo(full);
        }
        // The mutations leave many events valid, so the comparison covered the scan's accepting paths.
        assertThat(scanned).isGreaterThan(10_000);
    }
}
