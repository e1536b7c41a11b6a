package org.canal.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.canal.cluster.CanalCluster;
import org.canal.cluster.invites.Grants;
import org.canal.cluster.invites.InviteStore;
import org.canal.cluster.invites.NewInvite;
import org.canal.cluster.sessions.SessionMap;
import org.canal.media.MediaOptions;
import org.canal.media.MediaVerticle;
import org.canal.media.api.MediaControl;
import org.canal.server.logging.NodeLogging;
import org.canal.server.metrics.NodeMetrics;
import org.canal.signaling.IceServers;
import org.canal.signaling.JoinTokens;
import org.canal.signaling.Signaling;
import org.canal.signaling.SignalingLimits;
import org.canal.signaling.SignalingOptions;
import org.canal.signaling.limits.ClientAddresses;
import org.canal.signaling.limits.RateLimit;
import org.canal.signaling.TokenKeys;
import org.canal.signaling.TurnCredentials;

/**
 * One running Canal node: Vert.x (native transport when available), its embedded Hazelcast member
 * (invites, the session directory), the media engine, signaling, and the HTTPS server that carries the page, {@code /ws},
 * {@code /health}, {@code /invites/redeem}, the admin API and diagnostics.
 *
 * <p>This is the only class that touches the media engine's and signaling's entry points
 * ({@code MediaVerticle}, {@code Signaling}, {@code JoinTokens}); everything else in this module speaks
 * {@link NodeOptions}, {@link TokenMinter} and this class.
 */
public final class CanalNode {
    private static final System.Logger LOG = System.getLogger(CanalNode.class.getName());
    /** TLS 1.0 and 1.1 are refused (RFC 8996). */
    static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /** Dev mode writes its generated certificate (public part only) here for {@code canal invite}. */
    static final String DEV_CERTIFICATE_FILE = "dev-certificate.pem";
    static final int REDEEM_BODY_LIMIT = 4 * 1024;

    private final NodeOptions options;
    private final Vertx vertx;
    private final Optional<SelfSignedCertificate> certificate;
    private final TokenMinter tokens;
    private final Clock clock = Clock.systemUTC();
    private HazelcastInstance member;
    private InviteStore invites;
    private SessionMap sessions;
    private AdminApi admin;
    private String demoJoinLink;
    private Signaling signaling;
    private HttpServer server;
    private final Optional<NodeMetrics> metrics;

    private CanalNode(NodeOptions options, Vertx vertx, Optional<NodeMetrics> metrics,
            Optional<SelfSignedCertificate> certificate, TokenMinter tokens) {
        this.options = options;
        this.vertx = vertx;
        this.metrics = metrics;
        this.certificate = certificate;
        this.tokens = tokens;
    }

    /** Starts a node. */
    public static Future<CanalNode> start(NodeOptions options) {
        return start(options, router -> {});
    }

    /**
     * Starts a node whose router also carries {@code extraRoutes}, mounted after the node's own routes
     * and before the static files (tests add their probe pages this way).
     */
    public static Future<CanalNode> start(NodeOptions options, Consumer<Router> extraRoutes) {
        // Before Vert.x, Netty and Hazelcast log their first line: every line goes through the masking.
        NodeLogging.install(nodeAddresses(options));
        // Vert.x reports to the metrics registry from its creation on: the registry comes first
        Optional<NodeMetrics> metrics = options.metrics().map(m -> new NodeMetrics(m.host(), m.port()));
        Vertx vertx = metrics.map(m -> m.createVertx(vertxOptions())).orElseGet(CanalNode::createVertx);
        byte[] secret;
        SignalingOptions signalingOptions;
        try {
            secret = options.jwtSecret().secret(options.canalHome());
            // A JWKS file that cannot be read or holds no usable key stops the start, before anything binds.
            signalingOptions = signalingOptions(options, secret);
        } catch (RuntimeException e) {
            return vertx.close().transform(closed -> Future.failedFuture(e));
        }
        Optional<SelfSignedCertificate> certificate = options.selfSignedTls()
                ? Optional.of(SelfSignedCertificate.generate(options.media().advertisedAddresses()))
                : Optional.empty();
        CanalNode node = new CanalNode(options, vertx, metrics, certificate, tokenMinter(options, secret));
        return node.startCluster()
                .compose(clustered -> node.deploy(signalingOptions, extraRoutes))
                .compose(deployed -> node.startMetrics())
                .compose(deployed -> node.devStart())
                .map(node)
                .recover(failure -> node.stopCluster().transform(stopped -> vertx.close())
                        .transform(closed -> Future.failedFuture(failure)));
    }

    /**
     * The node's own addresses, which its log lines may show (docs/logging.md): HTTPS host, media bind
     * and advertised addresses, the cluster's bind address and members. Only literals count.
     */
    static List<String> nodeAddresses(NodeOptions options) {
        List<String> addresses = new ArrayList<>();
        addresses.add(options.httpsHost());
        addresses.add(options.media().bindAddress());
        addresses.addAll(options.media().advertisedAddresses());
        addresses.add(options.cluster().bindAddress());
        options.metrics().ifPresent(m -> addresses.add(m.host()));
        for (String member : options.cluster().members()) {
            // "host", "host:port", "[v6]:port" or a bare IPv6 literal
            int colon = member.lastIndexOf(':');
            boolean hostAndPort = member.startsWith("[") ? !member.endsWith("]") : colon > 0 && member.indexOf(':') == colon;
            addresses.add(hostAndPort && colon > 0 ? member.substring(0, colon) : member);
        }
        return addresses;
    }

    private Future<Void> startCluster() {
        // Reading the admin key and hashing it (Argon2id) block, as does Hazelcast's start: workers.
        Future<Optional<AdminKeyHash>> hashedKey = vertx.executeBlocking(
                () -> options.adminKey().key(options.canalHome()).map(AdminKeyHash::of), false);
        return hashedKey.compose(adminKey -> CanalCluster.start(vertx, options.cluster()).map(started -> {
            member = started;
            invites = InviteStore.create(vertx, member);
            sessions = SessionMap.create(vertx, member);
            adminKey.ifPresent(key -> admin = new AdminApi(vertx, key, invites, this::inviteLink, clock,
                    addressLimit(options.limits().adminKeyFailures())));
            return null;
        }));
    }

    private Future<Void> stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (sessions != null) {
            sessions.close();
        }
        return member == null ? Future.succeededFuture() : CanalCluster.stop(vertx, member);
    }

    /** Dev mode: a real multi-use invite to the demo call, and the certificate where the CLI finds it. */
    private Future<Void> devStart() {
        if (!options.devMode()) {
            return Future.succeededFuture();
        }
        certificate.ifPresent(this::writeDevCertificate);
        Instant now = clock.instant();
        return invites.create(new NewInvite(JoinLink.DEMO_SERVER, JoinLink.DEMO_CHANNEL, now.plus(NodeOptions.DEV_INVITE_TTL),
                0, Grants.PARTICIPANT, "dev"), now).map(created -> {
                    demoJoinLink = inviteLink(created.secret());
                    return null;
                });
    }

    private void writeDevCertificate(SelfSignedCertificate generated) {
        try {
            Path home = options.canalHome();
            Files.createDirectories(home);
            Path file = home.resolve(DEV_CERTIFICATE_FILE);
            Path temporary = Files.createTempFile(home, DEV_CERTIFICATE_FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, generated.certificatePem(), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dev certificate into " + options.canalHome(), e);
        }
    }

    /** A per-address limit of this node's HTTP APIs, behind the same trusted proxies as signaling. */
    private AddressRateLimit addressLimit(RateLimit limit) {
        SignalingLimits limits = options.limits().signaling();
        return new AddressRateLimit(limit, limits.maxTrackedKeys(), new ClientAddresses(limits.trustedProxies()), System::nanoTime);
    }

    /** The link that redeems an invite secret on this node's page. */
    String inviteLink(String secret) {
        return JoinLink.invite(options.publicHost(), httpsPort(), secret);
    }

    /** A minter of join tokens with the node's secret, for {@code canal token} (no node runs). */
    public static TokenMinter tokenMinter(NodeOptions options) {
        return tokenMinter(options, options.jwtSecret().secret(options.canalHome()));
    }

    static Vertx createVertx() {
        return Vertx.builder().with(vertxOptions()).build();
    }

    private static VertxOptions vertxOptions() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    /** {@code GET /metrics} on its own plain-HTTP listener, when {@code metrics.port} is set (docs/metrics.md). */
    private Future<Void> startMetrics() {
        return metrics.map(m -> m.start(vertx, signaling.counters(), new MediaControl(vertx, options.nodeId())).<Void>mapEmpty())
                .orElseGet(Future::succeededFuture);
    }

    private static SignalingOptions signalingOptions(NodeOptions options, byte[] secret) {
        TokenKeys keys = options.jwksFile()
                .<TokenKeys>map(file -> TokenKeys.jwks(file, options.jwksReload(), TokenKeys.hs256(secret)))
                .orElseGet(() -> TokenKeys.hs256(secret));
        return SignalingOptions.defaults(options.nodeId(), keys, options.jwtIssuer())
                .withDiagnostics(options.diagnostics())
                .withUnloadGrace(options.unloadGrace())
                .withLimits(options.limits().signaling())
                .withAuditFile(options.auditFile().orElse(null))
                .withIceServers(turnServers(options.ice()))
                .withP2p(options.p2p());
    }

    /**
     * The TURN part of {@code joined.iceServers}: the URLs with credentials under the secret, read now
     * so that a missing or short secret stops the start (docs/turn.md). The node's own {@code stun:} URL
     * is added once the media port is bound ({@link #deploy}).
     */
    static IceServers turnServers(NodeOptions.IceSettings ice) {
        TurnCredentials credentials = ice.turnSecret()
                .map(source -> new TurnCredentials(source.secret(), ice.turnTtl(), Clock.systemUTC()))
                .orElse(null);
        try {
            return new IceServers(List.of(), ice.turnUrls(), credentials);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("turn.urls", e.getMessage());
        }
    }

    /** {@code stun:<address>:<port>}, an IPv6 address in brackets (RFC 7064 section 3.1). */
    static String stunUrl(String address, int port) {
        return "stun:" + (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    private static TokenMinter tokenMinter(NodeOptions options, byte[] secret) {
        JoinTokens joinTokens = JoinTokens.hs256(secret, options.jwtIssuer());
        return new TokenMinter() {
            @Override
            public String invite(String server, String channel, Duration ttl) {
                return joinTokens.mintInvite(server, channel, ttl);
            }

            @Override
            public String join(String user, String server, String channel, Duration ttl) {
                return joinTokens.mintJoin(user, server, channel, ttl);
            }

            @Override
            public String join(String user, String server, String channel, List<String> grants, Duration ttl) {
                return joinTokens.mintJoin(user, server, channel, ttl, signalingGrants(grants), true);
            }
        };
    }

    /** An invite's grant names (docs/invites.md) as the token's {@code grants} claim (docs/tokens.md). */
    static org.canal.signaling.Grants signalingGrants(List<String> names) {
        EnumSet<org.canal.signaling.Grants.Publish> publish = EnumSet.noneOf(org.canal.signaling.Grants.Publish.class);
        for (org.canal.signaling.Grants.Publish kind : org.canal.signaling.Grants.Publish.values()) {
            if (names.contains("publish:" + kind.claim())) {
                publish.add(kind);
            }
        }
        return new org.canal.signaling.Grants(names.contains("join"), publish, names.contains("subscribe"), names.contains("moderate"));
    }

    private Future<Void> deploy(SignalingOptions signalingOptions, Consumer<Router> extraRoutes) {
        NodeOptions.MediaSettings media = options.media();
        MediaOptions mediaOptions = MediaOptions.defaults().withBindAddress(media.bindAddress())
                .withAdvertisedAddresses(media.advertisedAddresses()).withPort(media.port()).withLoops(media.loops());
        MediaVerticle engine = new MediaVerticle(options.nodeId(), mediaOptions);
        return vertx.deployVerticle(engine).compose(mediaDeployed -> {
            SignalingOptions withStun = !options.ice().stunSelf() ? signalingOptions : signalingOptions.withIceServers(
                    new IceServers(List.of(stunUrl(media.advertisedAddresses().get(0), engine.ports().get(0))),
                            signalingOptions.iceServers().turnUrls(), signalingOptions.iceServers().credentials()));
            // every node of the cluster can then tell which node hosts a session a resume names
            signaling = Signaling.create(vertx, withStun, new MediaControl(vertx, options.nodeId()),
                    new ClusterSessionDirectory(sessions));
            Router router = Router.router(vertx);
            router.route().handler(new SecurityHeaders(options.devMode()));
            router.get("/health").handler(context -> context.json(new JsonObject().put("status", "up")));
            signaling.mount(router);
            router.route("/invites/*").failureHandler(HttpErrors::failure);
            router.route("/admin/*").failureHandler(HttpErrors::failure);
            router.post("/invites/redeem").handler(BodyHandler.create(false).setBodyLimit(REDEEM_BODY_LIMIT))
                    .handler(new InviteRedeemHandler(invites, tokens, clock, addressLimit(options.limits().invitesRedeem())));
            if (admin != null) {
                admin.mount(router);
            }
            extraRoutes.accept(router);
            router.route().handler(StaticHandler.create("webroot"));
            return vertx.createHttpServer(httpsOptions(signalingOptions)).requestHandler(router).listen();
        }).map(listening -> {
            server = listening;
            LOG.log(System.Logger.Level.INFO, "Canal node {0} listening on https://{1}:{2,number,#}{3}, {4} transport",
                    options.nodeId(), options.httpsHost(), listening.actualPort(),
                    options.selfSignedTls() ? " (self-signed certificate)" : "",
                    vertx.isNativeTransportEnabled() ? "native" : "NIO");
            return null;
        });
    }

    private HttpServerOptions httpsOptions(SignalingOptions signalingOptions) {
        PemKeyCertOptions keyCert = new PemKeyCertOptions();
        if (certificate.isPresent()) {
            keyCert.addCertValue(Buffer.buffer(certificate.get().certificatePem()))
                    .addKeyValue(Buffer.buffer(certificate.get().privateKeyPem()));
        } else {
            keyCert.addCertPath(options.tlsCertFile().orElseThrow().toString())
                    .addKeyPath(options.tlsKeyFile().orElseThrow().toString());
        }
        return signalingOptions.applyWebSocketLimits(new HttpServerOptions())
                .setHost(options.httpsHost()).setPort(options.httpsPort()).setSsl(true)
                .setKeyCertOptions(keyCert).setEnabledSecureTransportProtocols(TLS_PROTOCOLS);
    }

    public NodeOptions options() {
        return options;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The port the HTTPS server listens on (the configured one, or the ephemeral one chosen). */
    public int httpsPort() {
        return server.actualPort();
    }

    /** The generated certificate in dev mode; empty when the operator's certificate is used. */
    public Optional<SelfSignedCertificate> certificate() {
        return certificate;
    }

    /** The port {@code GET /metrics} is served on; empty when {@code metrics.port} is off. */
    public Optional<Integer> metricsPort() {
        return metrics.map(NodeMetrics::port);
    }

    public TokenMinter tokens() {
        return tokens;
    }

    /**
     * The dev mode's demo link: a real multi-use invite (in this node's Hazelcast) to call dev/demo,
     * created at start and valid for {@link NodeOptions#DEV_INVITE_TTL}.
     */
    public String demoJoinLink() {
        if (demoJoinLink == null) {
            throw new IllegalStateException("only a dev node has a demo invite");
        }
        return demoJoinLink;
    }

    /** The invites in this node's Hazelcast member. */
    public InviteStore invites() {
        return invites;
    }

    /** Stops accepting connections, ends signaling, undeploys the media engine and closes Vert.x. */
    public Future<Void> close() {
        // Requests in flight get a moment to finish; signaling then ends its sessions itself.
        Future<Void> serverClosed = server == null ? Future.succeededFuture()
                : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        Future<Void> metricsClosed = metrics.map(NodeMetrics::close).orElseGet(Future::succeededFuture);
        Future<Void> callsEnded = Future.join(serverClosed, metricsClosed).<Void>mapEmpty()
                .transform(ignored -> signaling == null ? Future.succeededFuture() : signaling.close())
                .transform(ignored -> stopCluster());
        // Vert.x is closed from a thread of its own: a close future bound to one of its event loops
        // would report to a loop that no longer runs.
        Promise<Void> closed = Promise.promise();
        callsEnded.onComplete(ignored -> new Thread(() -> vertx.close().onComplete(closed), "canal-close").start());
        return closed.future();
    }
}
