package org.canal.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The {@code canal} command: the entry point of the runnable jar. */
@Command(name = "canal", mixinStandardHelpOptions = true, versionProvider = CanalCommand.Version.class,
        description = "Canal: a selective forwarding unit for group calls.",
        subcommands = {CanalCommand.Dev.class, CanalCommand.Run.class, CanalCommand.Token.class, InviteCommand.class})
public final class CanalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    final Map<String, String> environment;
    /** Blocks until the process should stop; a test replaces it to stop at once. */
    final Runnable awaitStop;

    public CanalCommand() {
        this(System.getenv(), CanalCommand::awaitTermination);
    }

    CanalCommand(Map<String, String> environment, Runnable awaitStop) {
        this.environment = environment;
        this.awaitStop = awaitStop;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new CanalCommand()).execute(args));
    }

    /** The command line with Canal's error reporting: a refused option is one line, not a stack trace. */
    static CommandLine commandLine(CanalCommand command) {
        return new CommandLine(command).setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof InvalidOptionException || failure instanceof IllegalStateException) {
                line.getErr().println("canal: " + failure.getMessage());
                line.getErr().flush();
                return 2;
            }
            if (failure instanceof java.io.IOException) {
                // The admin API's node could not be reached (refused, TLS, time-out): one line.
                line.getErr().println("canal: cannot talk to the node: " + failure);
                line.getErr().flush();
                return 1;
            }
            throw failure;
        });
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Config file option shared by the subcommands. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE",
                description = "Configuration file, .json or .properties (docs/configuration.md).")
        Path file;

        Optional<Path> file() {
            return Optional.ofNullable(file);
        }
    }

    /** {@code canal dev}: a node on an embedded default; prints the demo call's join link. */
    @Command(name = "dev", mixinStandardHelpOptions = true,
            description = "Start a node in dev mode (loopback, self-signed TLS, generated secret) and print a join link.")
    static final class Dev implements Callable<Integer> {
        @ParentCommand
        CanalCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() {
            return parent.runNode(spec, NodeOptionsLoader.load(true, config.file(), parent.environment));
        }
    }

    /** {@code canal run --config FILE}: a production node. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start a node with its configured certificate, secret and addresses.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        CanalCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() {
            return parent.runNode(spec, NodeOptionsLoader.load(false, config.file(), parent.environment));
        }
    }

    /** {@code canal token}: mints a join token with the node's secret (the dev secret file by default). */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Mint a join token for a channel and print it with a join link.")
    static final class Token implements Callable<Integer> {
        @ParentCommand
        CanalCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();
        @Option(names = "--server", required = true, description = "Server id (opaque).")
        String server;
        @Option(names = "--channel", required = true, description = "Channel id (opaque).")
        String channel;
        @Option(names = "--user", description = "User id (opaque). Without it the token is a multi-use invite.")
        String user;
        @Option(names = "--ttl", defaultValue = "1h", description = "How long the token is valid: 90s, 30m, 12h, 7d"
                + " or ISO-8601 (PT1H). Default: ${DEFAULT-VALUE}.")
        String ttl;

        @Override
        public Integer call() {
            NodeOptions options = NodeOptionsLoader.load(true, config.file(), parent.environment);
            Duration validity = parseTtl(ttl);
            TokenMinter minter = CanalNode.tokenMinter(options);
            String token = user == null
                    ? minter.invite(server, channel, validity)
                    : minter.join(user, server, channel, validity);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            String link = user == null
                    ? JoinLink.invite(options.publicHost(), options.httpsPort(), token)
                    : JoinLink.join(options.publicHost(), options.httpsPort(), token);
            out.println(JoinLink.joinLine(link));
            out.flush();
            return 0;
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 {@code PT1H}; at most 30 days. */
    static Duration parseTtl(String text) {
        return Durations.parse("--ttl", text);
    }

    private int runNode(CommandSpec command, NodeOptions options) {
        PrintWriter out = command.commandLine().getOut();
        CanalNode node;
        try {
            node = CanalNode.start(options).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            PrintWriter err = command.commandLine().getErr();
            err.println("canal: the node did not start: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println("Canal " + Version.text() + ": node " + options.nodeId() + " on https://"
                + options.publicHost() + ":" + node.httpsPort()
                + node.certificate().map(c -> " (self-signed certificate, SHA-256 " + c.sha256() + ")").orElse(""));
        if (options.devMode()) {
            out.println(JoinLink.joinLine(node.demoJoinLink()));
        }
        out.flush();
        Thread stopper = new Thread(() -> stop(node), "canal-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        awaitStop.run();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stop(node);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping (SIGTERM): the hook closes the node.
        }
        return 0;
    }

    private static void stop(CanalNode node) {
        try {
            node.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.getLogger(CanalCommand.class.getName()).log(System.Logger.Level.WARNING, "unclean shutdown", e);
        }
    }

    /** Waits until the JVM shuts down (SIGTERM, SIGINT); shutdown hooks close the node. */
    private static void awaitTermination() {
        CountDownLatch never = new CountDownLatch(1);
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
