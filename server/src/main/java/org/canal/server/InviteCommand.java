package org.canal.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code canal invite create|list|revoke}: invites through a node's admin API (docs/invites.md). The
 * admin key comes from {@code CANAL_ADMIN_KEY}, {@code --key-file}, or a dev node's
 * {@code <home>/admin-key}; it is never printed.
 */
@Command(name = "invite", mixinStandardHelpOptions = true,
        description = "Create, list and revoke invites through a node's admin API.",
        subcommands = {InviteCommand.Create.class, InviteCommand.ListInvites.class, InviteCommand.Revoke.class})
final class InviteCommand implements Callable<Integer> {
    @ParentCommand
    CanalCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** How to reach a node's admin API: shared by the subcommands. */
    static final class NodeConnection {
        @Option(names = "--node", defaultValue = "https://127.0.0.1:8443",
                description = "The node's HTTPS origin. Default: ${DEFAULT-VALUE}.")
        URI node;
        @Option(names = "--key-file", paramLabel = "FILE",
                description = "File holding the admin key (else CANAL_ADMIN_KEY, else the dev node's <home>/admin-key).")
        Path keyFile;
        @Option(names = "--fingerprint", paramLabel = "SHA256",
                description = "Trust only the node certificate with this SHA-256 fingerprint (as canal dev prints it).")
        String fingerprint;
        @Option(names = "--ca-file", paramLabel = "PEM",
                description = "Trust the certificate(s) in this PEM file (else a dev node's <home>/dev-certificate.pem, else the system CAs).")
        Path caFile;
        @CommandLine.Mixin
        CanalCommand.ConfigOption config = new CanalCommand.ConfigOption();

        AdminClient client(CanalCommand root) {
            NodeOptions options = NodeOptionsLoader.load(true, config.file(), root.environment);
            try {
                return new AdminClient(node, key(root, options), tls(options));
            } catch (IOException | GeneralSecurityException e) {
                throw new InvalidOptionException("--ca-file", "cannot use the certificate: " + e.getMessage());
            }
        }

        private String key(CanalCommand root, NodeOptions options) {
            if (keyFile != null) {
                return new AdminKeySource.FromFile(keyFile).key(options.canalHome()).orElseThrow();
            }
            String fromEnvironment = root.environment.get("CANAL_ADMIN_KEY");
            if (fromEnvironment != null) {
                return new AdminKeySource.FromEnvironment(fromEnvironment).key(options.canalHome()).orElseThrow();
            }
            Path devKey = DevSecretFile.adminKey(options.canalHome()).path();
            if (Files.exists(devKey)) {
                return DevSecretFile.adminKey(options.canalHome()).loadOrCreate();
            }
            throw new InvalidOptionException("--key-file", "no admin key: set CANAL_ADMIN_KEY or pass --key-file");
        }

        private SSLContext tls(NodeOptions options) throws IOException, GeneralSecurityException {
            if (fingerprint != null) {
                return AdminClient.pinning(fingerprint);
            }
            if (caFile != null) {
                return AdminClient.trustingPem(caFile);
            }
            Path devCertificate = options.canalHome().resolve(CanalNode.DEV_CERTIFICATE_FILE);
            if (Files.exists(devCertificate)) {
                return AdminClient.trustingPem(devCertificate);
            }
            return SSLContext.getDefault();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an invite and print its link.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        InviteCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        NodeConnection connection = new NodeConnection();
        @Option(names = "--server", required = true, description = "Server id (opaque).")
        String server;
        @Option(names = "--channel", required = true, description = "Channel id (opaque).")
        String channel;
        @Option(names = "--expires", defaultValue = "24h",
                description = "Valid for: 90s, 30m, 12h, 7d or PT1H, at most 30 days. Default: ${DEFAULT-VALUE}.")
        String expires;
        @Option(names = "--max-uses", defaultValue = "0", description = "How many times it can be redeemed; 0: unlimited.")
        int maxUses;
        @Option(names = "--grants", split = ",", paramLabel = "GRANT",
                description = "Comma-separated: join, publish:audio, publish:video, publish:screen, subscribe, moderate."
                        + " Default: all but moderate.")
        List<String> grants;

        @Override
        public Integer call() throws Exception {
            Durations.parse("--expires", expires);
            JsonObject request = new JsonObject().put("server", server).put("channel", channel).put("expiresIn", expires)
                    .put("maxUses", maxUses);
            if (grants != null) {
                request.put("grants", new JsonArray(grants));
            }
            AdminClient.Answer answer = connection.client(parent.root).post("/admin/invites", request);
            if (answer.status() != 201) {
                return refused(spec, answer);
            }
            JsonObject invite = answer.body();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Invite " + invite.getString("id") + " for " + server + "/" + channel + ", expires "
                    + invite.getString("expiresAt") + ", " + uses(invite) + ", grants " + grantsOf(invite));
            out.println(JoinLink.joinLine(invite.getString("link")));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a channel's invites (no secrets).")
    static final class ListInvites implements Callable<Integer> {
        @ParentCommand
        InviteCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        NodeConnection connection = new NodeConnection();
        @Option(names = "--server", required = true, description = "Server id (opaque).")
        String server;
        @Option(names = "--channel", required = true, description = "Channel id (opaque).")
        String channel;

        @Override
        public Integer call() throws Exception {
            AdminClient.Answer answer = connection.client(parent.root).get("/admin/invites?"
                    + AdminClient.query("server", server) + "&" + AdminClient.query("channel", channel));
            if (answer.status() != 200) {
                return refused(spec, answer);
            }
            PrintWriter out = spec.commandLine().getOut();
            JsonArray invites = answer.body().getJsonArray("invites", new JsonArray());
            if (invites.isEmpty()) {
                out.println("No invites for " + server + "/" + channel + ".");
            }
            for (int i = 0; i < invites.size(); i++) {
                JsonObject invite = invites.getJsonObject(i);
                out.println(invite.getString("id") + "  expires " + invite.getString("expiresAt") + "  " + uses(invite)
                        + "  grants " + grantsOf(invite) + "  created " + invite.getString("createdAt")
                        + (invite.getBoolean("revoked", false) ? "  REVOKED" : ""));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an invite by id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        InviteCommand parent;
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        NodeConnection connection = new NodeConnection();
        @Parameters(paramLabel = "ID", description = "The invite's id (from create or list).")
        String id;

        @Override
        public Integer call() throws Exception {
            if (!org.canal.signaling.Ids.isValid(id)) {
                throw new InvalidOptionException("ID", "not an invite id: " + id);
            }
            AdminClient.Answer answer = connection.client(parent.root).delete("/admin/invites/" + id);
            if (answer.status() != 204) {
                return refused(spec, answer);
            }
            spec.commandLine().getOut().println("Revoked " + id + ".");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static String uses(JsonObject invite) {
        int max = invite.getInteger("maxUses", 0);
        return "used " + invite.getInteger("uses", 0) + (max == 0 ? " (unlimited)" : " of " + max);
    }

    private static String grantsOf(JsonObject invite) {
        return String.join(",", invite.getJsonArray("grants", new JsonArray()).stream().map(String::valueOf).toList());
    }

    private static int refused(CommandSpec spec, AdminClient.Answer answer) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("canal: the node refused (" + answer.status() + " " + Optional.ofNullable(answer.body().getString("error"))
                .orElse("") + "): " + answer.body().getString("message", ""));
        err.flush();
        return 1;
    }

}
