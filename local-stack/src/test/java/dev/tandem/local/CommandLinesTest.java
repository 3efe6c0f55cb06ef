package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** scripts/dev and scripts/dev demo parse their options with picocli: help exits 0, a usage error 2 and says what was wrong. */
class CommandLinesTest {

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void dev_helpListsItsOptions_andAnUnknownOptionIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(new Main(), out, err, "--help")).isZero();
        assertThat(out.toString()).contains("--port=N").contains("--data-dir=DIR").contains("--max-environments=N");
        assertThat(run(new Main(), out, err, "--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
        assertThat(run(new Main(), out, err, "--port", "three-thousand")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void demo_helpListsItsOptions_andAnUnknownOptionIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(new Demo.Command(), out, err, "--help")).isZero();
        assertThat(out.toString()).contains("--api=URL");
        assertThat(run(new Demo.Command(), out, err, "--port", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option");
    }
}
