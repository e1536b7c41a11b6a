package org.canal.server;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.canal.cluster.ClusterOptions;
import org.canal.signaling.P2pMode;
import org.canal.signaling.P2pOptions;
import org.canal.signaling.SignalingLimits;
import org.canal.signaling.limits.RateLimit;

/**
 * Builds {@link NodeOptions} from three layers, each overriding the one before: built-in defaults, a
 * config file (JSON with nested objects, or Java properties, by its extension) and {@code CANAL_*}
 * environment variables. Keys are dotted ({@code https.port}); the variable of a key is {@code CANAL_}
 * followed by the key in upper case with dots as underscores and camel case split
 * ({@code tls.certFile} is {@code CANAL_TLS_CERT_FILE}). docs/configuration.md lists them.
 */
public final class NodeOptionsLoader {
    /** Every key a config file or the environment may set. */
    static final Set<String> KEYS = Set.of("node.id", "https.host", "https.port", "tls.certFile", "tls.keyFile",
            "media.bind", "media.port", "media.loops", "media.advertised", "jwt.secretFile", "jwt.issuer",
            "jwt.jwksFile", "jwt.jwksReload", "audit.file",
            "diagnostics", "session.unloadGrace", "home", "cluster.name", "cluster.bind", "cluster.port", "cluster.portCount",
            "cluster.members", "admin.keyFile", "stun.self", "turn.urls", "turn.secretFile", "turn.ttl",
            "p2p.mode", "p2p.returnDelay", "p2p.switchTimeout", "limits.sockets", "limits.joins", "limits.joinsPerUser",
            "limits.messages", "limits.redeem", "limits.adminFailures", "limits.maxTrackedAddresses",
            "limits.trustedProxies", "metrics.host", "metrics.port");

    /** The value of {@code metrics.port} that turns {@code /metrics} off. */
    static final String METRICS_OFF = "off";
    private static final String SECRET_VARIABLE = "CANAL_JWT_SECRET";
    private static final String ADMIN_KEY_VARIABLE = "CANAL_ADMIN_KEY";
    private static final String TURN_SECRET_VARIABLE = "CANAL_TURN_SECRET";

    private NodeOptionsLoader() {}

    /**
     * @param devMode     dev mode defaults (loopback, self-signed TLS, generated secret, diagnostics on)
     * @param configFile  an optional file, {@code .json} or {@code .properties}
     * @param environment the process environment (tests pass their own)
     */
    public static NodeOptions load(boolean devMode, Optional<Path> configFile, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(defaults(devMode, environment));
        configFile.ifPresent(file -> values.putAll(readFile(file)));
        for (String key : KEYS) {
            String value = environment.get(variableOf(key));
            if (value != null) {
                values.put(key, value);
            }
        }
        return build(devMode, values, environment);
    }

    /** {@code tls.certFile} becomes {@code CANAL_TLS_CERT_FILE}. */
    public static String variableOf(String key) {
        return "CANAL_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> defaults(boolean devMode, Map<String, String> environment) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("node.id", devMode ? "dev" : "node-" + HexFormat.of().formatHex(randomBytes(4)));
        defaults.put("https.host", devMode ? "127.0.0.1" : "0.0.0.0");
        defaults.put("https.port", devMode ? "8443" : "443");
        defaults.put("media.bind", devMode ? "127.0.0.1" : "0.0.0.0");
        defaults.put("media.port", "0");
        defaults.put("media.loops", "1");
        defaults.put("media.advertised", "127.0.0.1");
        defaults.put("jwt.issuer", "canal");
        defaults.put("jwt.jwksReload", "10s");
        defaults.put("diagnostics", Boolean.toString(devMode));
        defaults.put("session.unloadGrace", "10s");
        String userHome = environment.getOrDefault("HOME", System.getProperty("user.home"));
        defaults.put("home", Path.of(userHome, ".canal").toString());
        // A dev node is a cluster of one: a name of its own keeps it from joining another dev node
        // (or a test's) on this machine.
        defaults.put("cluster.name", devMode ? "canal-dev-" + HexFormat.of().formatHex(randomBytes(4))
                : ClusterOptions.DEFAULT_NAME);
        defaults.put("cluster.bind", ClusterOptions.DEFAULT_BIND);
        defaults.put("cluster.port", Integer.toString(ClusterOptions.DEFAULT_PORT));
        defaults.put("cluster.portCount", Integer.toString(ClusterOptions.DEFAULT_PORT_COUNT));
        defaults.put("cluster.members", ClusterOptions.DEFAULT_BIND);
        // P2P between two browsers behind NATs needs their server-reflexive candidates; on loopback
        // (dev mode) there is nothing to learn
        defaults.put("stun.self", Boolean.toString(!devMode));
        defaults.put("turn.urls", "");
        defaults.put("turn.ttl", "1h");
        defaults.put("p2p.mode", P2pOptions.DEFAULTS.mode().wire());
        defaults.put("p2p.returnDelay", P2pOptions.DEFAULT_RETURN_DELAY.toSeconds() + "s");
        defaults.put("p2p.switchTimeout", P2pOptions.DEFAULT_SWITCH_TIMEOUT.toSeconds() + "s");
        SignalingLimits limits = SignalingLimits.defaults();
        defaults.put("limits.sockets", limits.socketsPerAddress().toString());
        defaults.put("limits.joins", limits.joinsPerAddress().toString());
        defaults.put("limits.joinsPerUser", limits.joinsPerUser().toString());
        defaults.put("limits.messages", limits.messagesPerSocket().toString());
        defaults.put("limits.redeem", NodeOptions.Limits.DEFAULT_INVITES_REDEEM.toString());
        defaults.put("limits.adminFailures", NodeOptions.Limits.DEFAULT_ADMIN_KEY_FAILURES.toString());
        defaults.put("limits.maxTrackedAddresses", Integer.toString(limits.maxTrackedKeys()));
        defaults.put("limits.trustedProxies", "");
        // /metrics is plain HTTP without authentication: loopback unless the operator says otherwise;
        // a dev node serves none unless asked (several may run on one machine)
        defaults.put("metrics.host", "127.0.0.1");
        defaults.put("metrics.port", devMode ? METRICS_OFF : Integer.toString(NodeOptions.MetricsSettings.DEFAULT_PORT));
        return defaults;
    }

    private static NodeOptions build(boolean devMode, Map<String, String> values, Map<String, String> environment) {
        JwtSecretSource secret;
        String fromEnvironment = environment.get(SECRET_VARIABLE);
        if (fromEnvironment != null) {
            secret = new JwtSecretSource.FromEnvironment(fromEnvironment);
        } else if (values.containsKey("jwt.secretFile")) {
            secret = new JwtSecretSource.FromFile(Path.of(values.get("jwt.secretFile")));
        } else {
            secret = new JwtSecretSource.DevGenerated();
        }
        NodeOptions.MediaSettings media = new NodeOptions.MediaSettings(values.get("media.bind"),
                integer(values, "media.port"), integer(values, "media.loops"), list(values.get("media.advertised")));
        return new NodeOptions(devMode, values.get("node.id"), values.get("https.host"), integer(values, "https.port"),
                path(values, "tls.certFile"), path(values, "tls.keyFile"), media, secret, values.get("jwt.issuer"),
                path(values, "jwt.jwksFile"), jwksReload(values.get("jwt.jwksReload")), auditFile(devMode, values),
                bool(values, "diagnostics"), unloadGrace(values.get("session.unloadGrace")),
                Path.of(values.get("home")), cluster(values),
                adminKey(devMode, values, environment), ice(values, environment), p2p(values),
                limits(values), metrics(values));
    }

    /** {@code metrics.port}: a port (0: ephemeral) or {@code off}; {@code metrics.host}: an IP address. */
    private static Optional<NodeOptions.MetricsSettings> metrics(Map<String, String> values) {
        String port = values.get("metrics.port").strip().toLowerCase(Locale.ROOT);
        if (port.equals(METRICS_OFF) || port.isEmpty()) {
            return Optional.empty();
        }
        if (!port.matches("\\d{1,5}")) {
            throw new InvalidOptionException("metrics.port", "must be a port (0-65535) or off, was " + values.get("metrics.port"));
        }
        return Optional.of(new NodeOptions.MetricsSettings(values.get("metrics.host").strip(), Integer.parseInt(port)));
    }

    private static NodeOptions.IceSettings ice(Map<String, String> values, Map<String, String> environment) {
        Optional<TurnSecretSource> secret;
        String fromEnvironment = environment.get(TURN_SECRET_VARIABLE);
        if (fromEnvironment != null) {
            secret = Optional.of(new TurnSecretSource.FromEnvironment(fromEnvironment));
        } else {
            secret = path(values, "turn.secretFile").map(TurnSecretSource.FromFile::new);
        }
        return new NodeOptions.IceSettings(bool(values, "stun.self"), list(values.get("turn.urls")), secret,
                Durations.parse("turn.ttl", values.get("turn.ttl")));
    }

    /** {@code p2p.*}: the channels' default P2P policy and the switching delays (docs/signaling.md, "Media mode"). */
    private static P2pOptions p2p(Map<String, String> values) {
        String name = values.get("p2p.mode").strip().toLowerCase(Locale.ROOT);
        P2pMode mode = P2pMode.of(name);
        if (mode == null) {
            throw new InvalidOptionException("p2p.mode", "must be off, direct or relay, was " + values.get("p2p.mode"));
        }
        Duration returnDelay = duration("p2p.returnDelay", values.get("p2p.returnDelay"), Duration.ZERO,
                Duration.ofMinutes(1));
        Duration switchTimeout = duration("p2p.switchTimeout", values.get("p2p.switchTimeout"), Duration.ofMillis(100),
                Duration.ofMinutes(5));
        // turnAvailable is the TURN configuration's to set (CanalNode), not a key of its own
        return new P2pOptions(mode, returnDelay, switchTimeout, false);
    }


    private static NodeOptions.Limits limits(Map<String, String> values) {
        List<String> proxies = list(values.get("limits.trustedProxies"));
        for (String proxy : proxies) {
            if (!NodeOptions.isIpLiteral(proxy)) {
                throw new InvalidOptionException("limits.trustedProxies", "must be IP addresses, was " + proxy);
            }
        }
        int maxTracked = integer(values, "limits.maxTrackedAddresses");
        if (maxTracked < 100 || maxTracked > 10_000_000) {
            throw new InvalidOptionException("limits.maxTrackedAddresses", "must be between 100 and 10000000, was " + maxTracked);
        }
        SignalingLimits signaling = new SignalingLimits(rate(values, "limits.sockets"), rate(values, "limits.joins"),
                rate(values, "limits.joinsPerUser"), rate(values, "limits.messages"), maxTracked, proxies);
        return new NodeOptions.Limits(signaling, rate(values, "limits.redeem"), rate(values, "limits.adminFailures"));
    }

    /** {@code 60/10s}: a burst and the period that refills it ({@link RateLimit#parse}). */
    private static RateLimit rate(Map<String, String> values, String key) {
        try {
            return RateLimit.parse(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(key, e.getMessage());
        }
    }

    private static ClusterOptions cluster(Map<String, String> values) {
        String bind = values.get("cluster.bind").strip();
        if (!NodeOptions.isIpLiteral(bind) || NodeOptions.isWildcard(bind)) {
            throw new InvalidOptionException("cluster.bind", "must be one IP address of this host, was " + bind);
        }
        try {
            return new ClusterOptions(values.get("cluster.name").strip(), bind, integer(values, "cluster.port"),
                    integer(values, "cluster.portCount"), list(values.get("cluster.members")));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String key = message.substring(0, Math.max(0, message.indexOf(' ')));
            throw new InvalidOptionException(KEYS.contains(key) ? key : "cluster", message);
        }
    }

    private static AdminKeySource adminKey(boolean devMode, Map<String, String> values, Map<String, String> environment) {
        String fromEnvironment = environment.get(ADMIN_KEY_VARIABLE);
        if (fromEnvironment != null) {
            return new AdminKeySource.FromEnvironment(fromEnvironment);
        }
        if (values.containsKey("admin.keyFile")) {
            return new AdminKeySource.FromFile(Path.of(values.get("admin.keyFile").strip()));
        }
        return devMode ? new AdminKeySource.DevGenerated() : new AdminKeySource.None();
    }

    private static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> values = new LinkedHashMap<>();
        try {
            if (name.endsWith(".json")) {
                flatten("", new JsonObject(Files.readString(file, StandardCharsets.UTF_8)), values);
            } else if (name.endsWith(".properties")) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
            } else {
                throw new InvalidOptionException("--config", "must end in .json or .properties: " + file);
            }
        } catch (IOException e) {
            throw new InvalidOptionException("--config", "cannot read " + file + " (" + e.getMessage() + ")");
        } catch (DecodeException e) {
            throw new InvalidOptionException("--config", file + " is not valid JSON (" + e.getMessage() + ")");
        }
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidOptionException(key, "unknown key in " + file + "; known keys: " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        return values;
    }

    private static void flatten(String prefix, JsonObject object, Map<String, String> into) {
        for (Map.Entry<String, Object> entry : object) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof JsonObject nested) {
                flatten(key + ".", nested, into);
            } else if (value instanceof JsonArray array) {
                List<String> items = new ArrayList<>();
                array.forEach(item -> items.add(String.valueOf(item)));
                into.put(key, String.join(",", items));
            } else if (value != null) {
                into.put(key, String.valueOf(value));
            }
        }
    }

    private static int integer(Map<String, String> values, String key) {
        try {
            return Integer.parseInt(values.get(key).strip());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(key, "must be a whole number, was " + values.get(key));
        }
    }

    private static boolean bool(Map<String, String> values, String key) {
        String value = values.get(key).strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new InvalidOptionException(key, "must be true or false, was " + values.get(key));
        };
    }

    /** Dev mode appends its audit log beside its secret; production logs it unless a file is configured. */
    private static Optional<Path> auditFile(boolean devMode, Map<String, String> values) {
        Optional<Path> configured = path(values, "audit.file");
        return configured.isPresent() || !devMode ? configured : Optional.of(Path.of(values.get("home"), "audit.log"));
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m}: between 100 ms and 1 h (the signaling module's bounds). */
    private static Duration jwksReload(String value) {
        return duration("jwt.jwksReload", value, Duration.ofMillis(100), Duration.ofHours(1));
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m}, between {@code min} and {@code max}. */
    private static Duration duration(String key, String value, Duration min, Duration max) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,7})(ms|s|m)").matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidOptionException(key, "must look like 500ms, 10s or 1m, was " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidOptionException(key, "must be between " + text(min) + " and " + text(max) + ", was " + value);
        }
        return d;
    }

    private static String text(Duration d) {
        return d.toMillis() % 60_000 == 0 && !d.isZero() ? d.toMinutes() + "m"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** {@code 10s}, {@code 1m}: between 1 s and 10 min (SignalingOptions' bounds for a grace period). */
    private static Duration unloadGrace(String value) {
        Duration d = Durations.parse("session.unloadGrace", value);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidOptionException("session.unloadGrace", "must be between 1s and 10m, was " + value);
        }
        return d;
    }

    private static Optional<Path> path(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
