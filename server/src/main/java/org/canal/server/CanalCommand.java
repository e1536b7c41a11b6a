package org.canal.server;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code canal} command: the entry point of the runnable jar. */
@Command(name = "canal", mixinStandardHelpOptions = true, versionProvider = CanalCommand.Version.class,
        description = "Canal: a selective forwarding unit for group calls.",
        subcommands = {CanalCommand.Dev.class})
public final class CanalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CanalCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code canal dev}: a node on an embedded default. Until the media node exists it says so. */
    @Command(name = "dev", description = "Start a node in dev mode (loopback, self-signed TLS, generated secret).")
    static final class Dev implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Canal " + Version.text() + ": the protocol core is built; no media node runs yet"
                    + " (it arrives with the first-call issue). Nothing was started.");
            out.flush();
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String text() {
            String v = CanalCommand.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"canal " + text()};
        }
    }
}
