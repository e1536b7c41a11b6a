package org.canal.server;

import io.netty.util.NetUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.canal.cluster.ClusterOptions;
import org.canal.signaling.TurnCredentials;
import org.canal.signaling.P2pOptions;
import org.canal.signaling.SignalingLimits;
import org.canal.signaling.limits.RateLimit;

/**
 * Everything a node needs to start, validated once. Built by {@link NodeOptionsLoader} from defaults, a
 * config file and {@code CANAL_*} environment variables; docs/configuration.md lists every key.
 *
 * @param devMode        dev mode: self-signed certificate and generated secret allowed, diagnostics on
 * @param nodeId         this node's id on the event bus (opaque)
 * @param httpsHost      address the HTTPS/WSS server listens on
 * @param httpsPort      its port (0: ephemeral, for tests)
 * @param tlsCertFile    PEM certificate chain; empty in dev mode means a generated self-signed one
 * @param tlsKeyFile     PEM private key of that certificate
 * @param media          the media engine's sockets and addresses
 * @param jwtSecret      where the HS256 join-token secret comes from
 * @param jwtIssuer      {@code iss} of join tokens this node mints and accepts
 * @param jwksFile       a JWKS file of the platform's public keys (ES256, RS256, by {@code kid}); re-read
 *                       while running, so keys rotate without a restart (docs/tokens.md)
 * @param jwksReload     how often the JWKS file is re-read
 * @param auditFile      where moderation actions and policy refusals are appended as JSON lines
 *                       (docs/moderation.md); empty: the JDK logger {@code org.canal.audit}
 * @param diagnostics    serve {@code /diagnostics/...} (on in dev mode by default)
 * @param unloadGrace    how long a session lives after its socket drops when its page said it was
 *                       unloading (a closed or reloaded tab); the ordinary resume grace otherwise
 * @param canalHome      directory for state a dev node keeps (its secret file)
 * @param cluster        the node's embedded Hazelcast member (invites live there)
 * @param adminKey       where the admin API's key comes from (none: no admin API)
 * @param ice            the STUN and TURN servers handed to browsers in {@code joined} (docs/turn.md)
 * @param p2p            how two-person calls go peer-to-peer: the channels' default policy, the return
 *                       delay and the switch timeout (docs/signaling.md, "Media mode")
 * @param limits         rate limits on sockets, joins, messages, invite redemption and admin key checks
 * @param metrics        the plain-HTTP listener of {@code GET /metrics} (docs/metrics.md); empty: none
 */
public record NodeOptions(
        boolean devMode,
        String nodeId,
        String httpsHost,
        int httpsPort,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile,
        MediaSettings media,
        JwtSecretSource jwtSecret,
        String jwtIssuer,
        Optional<Path> jwksFile,
        Duration jwksReload,
        Optional<Path> auditFile,
        boolean diagnostics,
        Duration unloadGrace,
        Path canalHome,
        ClusterOptions cluster,
        AdminKeySource adminKey,
        IceSettings ice, P2pOptions p2p, Limits limits, Optional<MetricsSettings> metrics) {

    /** Dev mode's demo invite (and {@code canal token}'s JWT invites by default) live this long. */
    public static final Duration DEV_INVITE_TTL = Duration.ofDays(7);

    /**
     * The media engine's settings.
     *
     * @param bindAddress         UDP bind address
     * @param port                UDP port of the first media loop (0: ephemeral)
     * @param loops               media event loops, one UDP socket each
     * @param advertisedAddresses IP addresses put in SDP candidates, in order of preference
     */
    public record MediaSettings(String bindAddress, int port, int loops, List<String> advertisedAddresses) {
        public MediaSettings {
            Objects.requireNonNull(bindAddress, "media.bind");
            advertisedAddresses = List.copyOf(advertisedAddresses);
            if (!isIpLiteral(bindAddress)) {
                throw new InvalidOptionException("media.bind", "must be an IP address, was " + bindAddress);
            }
            checkPort("media.port", port);
            if (loops < 1 || loops > 64) {
                throw new InvalidOptionException("media.loops", "must be between 1 and 64, was " + loops);
            }
            if (advertisedAddresses.isEmpty()) {
                throw new InvalidOptionException("media.advertised", "needs at least one address");
            }
            for (String address : advertisedAddresses) {
                if (!isIpLiteral(address) || isWildcard(address)) {
                    throw new InvalidOptionException("media.advertised",
                            "must be IP addresses browsers can reach (SDP candidates), was " + address);
                }
            }
        }
    }

    /**
     * The ICE servers signaling hands out (docs/turn.md).
     *
     * @param stunSelf   whether to add the node's own {@code stun:} URL (first advertised address, first
     *                   media port): the media port answers STUN Binding requests
     * @param turnUrls   {@code turn:}/{@code turns:} URLs of the TURN server; empty for none
     * @param turnSecret the secret shared with it; present exactly when {@code turnUrls} is not empty
     * @param turnTtl    how long a minted TURN credential is valid
     */
    public record IceSettings(boolean stunSelf, List<String> turnUrls, Optional<TurnSecretSource> turnSecret,
            Duration turnTtl) {
        public IceSettings {
            turnUrls = List.copyOf(turnUrls);
            Objects.requireNonNull(turnSecret, "turn.secretFile");
            Objects.requireNonNull(turnTtl, "turn.ttl");
            if (!turnUrls.isEmpty() && turnSecret.isEmpty()) {
                throw new InvalidOptionException("turn.secretFile", "turn.urls need CANAL_TURN_SECRET or turn.secretFile");
            }
            if (turnUrls.isEmpty() && turnSecret.isPresent()) {
                throw new InvalidOptionException("turn.urls", "a TURN secret is set but no turn.urls");
            }
            if (turnTtl.compareTo(TurnCredentials.MIN_TTL) < 0 || turnTtl.compareTo(TurnCredentials.MAX_TTL) > 0) {
                throw new InvalidOptionException("turn.ttl", "must be between 1m and 24h, was " + turnTtl);
            }
        }

        /** No STUN, no TURN: {@code joined.iceServers} stays empty. */
        public static IceSettings none() {
            return new IceSettings(false, List.of(), Optional.empty(), DEFAULT_TURN_TTL);
        }
    }

    /**
     * Where Prometheus scrapes {@code GET /metrics}: plain HTTP without authentication, so a private
     * address (loopback by default), never the public HTTPS port (docs/metrics.md).
     *
     * @param host the listener's address
     * @param port its port (0: ephemeral, for tests)
     */
    public record MetricsSettings(String host, int port) {
        /** Production default: 9464, the port OpenTelemetry's Prometheus exporter listens on by default. */
        public static final int DEFAULT_PORT = 9464;

        public MetricsSettings {
            Objects.requireNonNull(host, "metrics.host");
            if (!isIpLiteral(host)) {
                throw new InvalidOptionException("metrics.host", "must be an IP address, was " + host);
            }
            checkPort("metrics.port", port);
        }
    }

    /** A TURN credential lives an hour unless {@code turn.ttl} says otherwise. */
    public static final Duration DEFAULT_TURN_TTL = Duration.ofHours(1);

    /**
     * Rate limits per client address (docs/decisions/0007-rate-limits.md).
     *
     * @param signaling        sockets, joins and messages, and the trusted proxies every limit here uses
     * @param invitesRedeem    {@code POST /invites/redeem} requests per client address
     * @param adminKeyFailures failed admin key checks per client address; checked before hashing
     */
    public record Limits(SignalingLimits signaling, RateLimit invitesRedeem, RateLimit adminKeyFailures) {
        public static final RateLimit DEFAULT_INVITES_REDEEM = new RateLimit(60, Duration.ofMinutes(1));
        public static final RateLimit DEFAULT_ADMIN_KEY_FAILURES = new RateLimit(20, Duration.ofMinutes(1));

        public Limits {
            Objects.requireNonNull(signaling, "limits");
            Objects.requireNonNull(invitesRedeem, "limits.redeem");
            Objects.requireNonNull(adminKeyFailures, "limits.adminFailures");
        }

        public static Limits defaults() {
            return new Limits(SignalingLimits.defaults(), DEFAULT_INVITES_REDEEM, DEFAULT_ADMIN_KEY_FAILURES);
        }
    }

    public NodeOptions {
        Objects.requireNonNull(nodeId, "node.id");
        Objects.requireNonNull(httpsHost, "https.host");
        Objects.requireNonNull(tlsCertFile, "tls.certFile");
        Objects.requireNonNull(tlsKeyFile, "tls.keyFile");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(jwtSecret, "jwt");
        Objects.requireNonNull(jwtIssuer, "jwt.issuer");
        Objects.requireNonNull(jwksFile, "jwt.jwksFile");
        Objects.requireNonNull(jwksReload, "jwt.jwksReload");
        Objects.requireNonNull(auditFile, "audit.file");
        Objects.requireNonNull(unloadGrace, "session.unloadGrace");
        Objects.requireNonNull(canalHome, "home");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(adminKey, "admin");
        Objects.requireNonNull(ice, "turn");
        Objects.requireNonNull(p2p, "p2p");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
        if (!devMode && adminKey instanceof AdminKeySource.DevGenerated) {
            throw new InvalidOptionException("admin.keyFile", "a generated admin key is for dev mode only");
        }
        if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidOptionException("node.id", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!isIpLiteral(httpsHost)) {
            throw new InvalidOptionException("https.host", "must be an IP address, was " + httpsHost);
        }
        checkPort("https.port", httpsPort);
        if (tlsCertFile.isPresent() != tlsKeyFile.isPresent()) {
            throw new InvalidOptionException("tls.certFile", "tls.certFile and tls.keyFile go together");
        }
        tlsCertFile.ifPresent(file -> checkReadable("tls.certFile", file));
        tlsKeyFile.ifPresent(file -> checkReadable("tls.keyFile", file));
        if (!devMode && tlsCertFile.isEmpty()) {
            throw new InvalidOptionException("tls.certFile",
                    "outside dev mode a node needs a certificate and key (tls.certFile, tls.keyFile)");
        }
        if (!devMode && jwtSecret instanceof JwtSecretSource.DevGenerated) {
            throw new InvalidOptionException("jwt.secretFile",
                    "outside dev mode a node needs CANAL_JWT_SECRET or jwt.secretFile");
        }
        if (metrics.isPresent() && metrics.get().port() != 0 && metrics.get().port() == httpsPort) {
            throw new InvalidOptionException("metrics.port",
                    "must not be the HTTPS port: /metrics has no authentication and needs a listener of its own");
        }
        if (jwtIssuer.isBlank()) {
            throw new InvalidOptionException("jwt.issuer", "must not be blank");
        }
    }

    /** True when TLS uses a certificate generated at start-up. */
    public boolean selfSignedTls() {
        return tlsCertFile.isEmpty();
    }

    /** The host a browser should use in links: the listen address unless it is a wildcard. */
    public String publicHost() {
        return isWildcard(httpsHost) ? media.advertisedAddresses().get(0) : httpsHost;
    }

    static boolean isIpLiteral(String text) {
        return NetUtil.isValidIpV4Address(text) || NetUtil.isValidIpV6Address(text);
    }

    static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidOptionException(key, "must be 0-65535, was " + port);
        }
    }

    private static void checkReadable(String key, Path file) {
        if (!Files.isReadable(file)) {
            throw new InvalidOptionException(key, "cannot read " + file);
        }
    }
}
