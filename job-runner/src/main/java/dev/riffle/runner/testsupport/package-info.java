/**
 * In-memory stand-ins for the runtime's I/O (an input log with group offsets, a capturing output sink,
 * a manual wall clock) and a reader of dead-letter headers: the test support of the runtime's own unit
 * tests, and what the test kit ({@code riffle-test-kit}, package {@code dev.riffle.testkit}) runs on.
 *
 * <p>Internal to Riffle, not an API: job authors test with {@code dev.riffle.testkit.TaskTestDriver}.
 * Public types here may change in any release.
 */
package dev.riffle.runner.testsupport;
