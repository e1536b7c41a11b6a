package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CanalCommandTest {
    @Test
    void devSaysHonestlyThatNoNodeRunsYet() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new CanalCommand()).setOut(new PrintWriter(out)).execute("dev");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("no media node runs yet").contains("Nothing was started");
    }

    @Test
    void unknownCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new CanalCommand()).setErr(new PrintWriter(err)).execute("fly");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("fly");
    }
}
