package org.canal.server.logging;

import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces IP address literals in log text with {@value #MASK} (and the port written after one with
 * {@value #PORT_MASK}), so that no end user's address or port reaches a log (docs/logging.md).
 *
 * <p>IPv4 is the dotted-quad form (RFC 791 text form, each part 0-255); IPv6 is any text form of
 * RFC 4291 section 2.2 (full, compressed with {@code ::}, with an IPv4 tail such as
 * {@code ::ffff:192.0.2.1}) with an optional zone id (RFC 6874, {@code fe80::1%eth0}). A port follows
 * an IPv4 literal as {@code 192.0.2.1:5000} and a bracketed IPv6 literal as {@code [2001:db8::1]:5000}
 * (RFC 3986 section 3.2.2). A literal glued to letters or digits ({@code 4.2.9.Final},
 * {@code Handler::add}, a 32-byte fingerprint {@code AB:CD:...}) is not an address and stays.
 *
 * <p>Addresses handed to {@link #keep} (the node's own bind and advertised addresses) and the
 * unspecified addresses ({@code 0.0.0.0}, {@code ::}) stay readable: they are nobody's. Parsing is
 * done here, never by {@code InetAddress.getByName}, which could resolve a name over DNS.
 */
public final class AddressMasker {
    public static final String MASK = "<ip>";
    public static final String PORT_MASK = "<port>";

    /**
     * A maximal run of the characters an address literal is made of, not glued to a word, a dot or a
     * colon before it, with an optional zone id. Possessive: a run is judged whole, never a piece of it.
     */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w.%])[0-9A-Fa-f:.]++(?:%[\\w.\\-]++)?");
    private static final Pattern BRACKETED_PORT = Pattern.compile("\\]:(\\d{1,5})(?!\\w)");

    private final Set<String> kept = new CopyOnWriteArraySet<>();

    /** Keeps {@code literal} readable if it is an IP address literal; anything else is ignored. */
    public void keep(String literal) {
        if (literal == null) {
            return;
        }
        String text = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        byte[] address = parse(stripZone(text));
        if (address != null) {
            kept.add(HexFormat.of().formatHex(address));
        }
    }

    /** {@code text} with every address literal not kept replaced. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = m.end();
            String replacement = end < text.length() && isWordChar(text.charAt(end)) ? null // a version, a hash, a name
                    : replacement(m.group());
            if (replacement == KEPT) {
                from = end;
                continue;
            }
            if (replacement == null) {
                from = retryAfterColon(m.group()) ? m.start() + m.group().indexOf(':') + 1 : end;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.start()).append(replacement);
            copied = end;
            from = end;
            // "[2001:db8::1]:5000": the port after the bracket is the peer's as well.
            Matcher port = BRACKETED_PORT.matcher(text).region(end, text.length());
            if (m.start() > 0 && text.charAt(m.start() - 1) == '[' && port.lookingAt()) {
                out.append("]:").append(PORT_MASK);
                copied = port.end();
                from = copied;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** {@link #replacement}'s answer for an address that stays readable. */
    private static final String KEPT = new String("kept");

    /**
     * What replaces {@code run}, {@link #KEPT} for an address that stays, or null when it is no address. A run may end with the
     * sentence's '.' or ':' and may carry a port.
     */
    private String replacement(String run) {
        String body = run;
        String trailer = "";
        char last = body.charAt(body.length() - 1);
        if ((last == '.' || last == ':') && !body.endsWith("::") && !body.contains("%")) {
            trailer = String.valueOf(last);
            body = body.substring(0, body.length() - 1);
        }
        String zoneless = stripZone(body);
        byte[] address = parse(zoneless);
        String port = "";
        if (address == null) {
            // "192.0.2.1:5000", or an unbracketed "1:2:3:4:5:6:7:8:5000"
            int colon = zoneless.lastIndexOf(':');
            if (colon <= 0 || !isPort(zoneless.substring(colon + 1)) || zoneless.length() != body.length()) {
                return null;
            }
            address = parse(zoneless.substring(0, colon));
            if (address == null || zoneless.charAt(colon - 1) == ':') {
                return null;
            }
            port = ":" + PORT_MASK;
        }
        if (isUnspecified(address) || kept.contains(HexFormat.of().formatHex(address))) {
            return KEPT;
        }
        return MASK + port + trailer;
    }

    /**
     * "add:192.0.2.1" or "bad:fe80::1" is no address as a whole, but what follows its first colon may
     * be one. Not so for colon-separated hex such as a certificate fingerprint, whose last eight
     * groups would otherwise read as an IPv6 address.
     */
    private static boolean retryAfterColon(String run) {
        int colon = run.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String rest = run.substring(colon + 1);
        return rest.contains(".") || rest.contains("::") || !isHexGroup(run.substring(0, colon));
    }

    private static boolean isHexGroup(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String stripZone(String text) {
        int percent = text.indexOf('%');
        return percent < 0 ? text : text.substring(0, percent);
    }

    private static boolean isPort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return false;
            }
        }
        return Integer.parseInt(digits) <= 65535;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isUnspecified(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The address's bytes (4 or 16), or null when {@code text} is not an IPv4 or IPv6 literal. */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }

    /** RFC 4291 section 2.2: eight 16-bit groups, one "::" for a run of zero groups, an IPv4 tail. */
    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0); // an IPv4 tail only ends an address
        if (headGroups == null) {
            return null;
        }
        int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
        if (tailGroups == null) {
            return null;
        }
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] address = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            address[2 * i] = (byte) (headGroups[i] >>> 8);
            address[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            address[2 * (offset + i)] = (byte) (tailGroups[i] >>> 8);
            address[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return address;
    }

    /**
     * The 16-bit groups of a colon-separated part ("" has none); the last group may be an IPv4
     * literal (two groups) when {@code ipv4TailAllowed}.
     */
    private static int[] groups(String part, boolean ipv4TailAllowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        boolean ipv4Tail = pieces[pieces.length - 1].indexOf('.') >= 0;
        int[] groups = new int[pieces.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && ipv4Tail) {
                byte[] v4 = ipv4TailAllowed ? parseIpv4(piece) : null;
                if (v4 == null) {
                    return null;
                }
                groups[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < piece.length(); j++) {
                int digit = Character.digit(piece.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            groups[i] = value;
        }
        return groups;
    }
}
