package org.canal.protocol.sdp;

import static org.canal.protocol.sdp.SdpAttributeParser.refusal;
import static org.canal.protocol.sdp.SdpMalformation.*;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.canal.protocol.MalformedInputException;

/**
 * Parses SDP text (RFC 8866 section 5) into a {@link SessionDescription}: {@code v=}, {@code o=},
 * {@code s=} first and in that order, then the session section's lines up to the first {@code m=},
 * then the media sections. Lines end with CRLF; a bare LF is accepted too (RFC 8866 section 5 asks
 * parsers to be tolerant of it), as is a last line without an ending.
 *
 * <p>The work is bounded so that hostile input costs little: at most {@link #MAX_BYTES} bytes,
 * {@link #MAX_LINES} lines and {@link #MAX_MEDIA_SECTIONS} m= sections, each checked before more work
 * is done. Every refusal is a {@link MalformedInputException} with an {@link SdpMalformation} and the
 * line number. Control plane: it allocates freely. Stateless; any thread.
 */
public final class SdpParser {
    /** Far above a browser offer (6 KiB for audio, video and data) or an SFU answer with many sections. */
    public static final int MAX_BYTES = 128 * 1024;
    public static final int MAX_LINES = 8192;
    public static final int MAX_MEDIA_SECTIONS = 512;

    private SdpParser() {}

    public static SessionDescription parse(byte[] buf, int off, int len) throws MalformedInputException {
        if (len > MAX_BYTES) {
            throw new MalformedInputException(TOO_LARGE, len + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(BAD_ENCODING, "not UTF-8");
        }
        return parse(text);
    }

    public static SessionDescription parse(String sdp) throws MalformedInputException {
        if (sdp.length() > MAX_BYTES) {
            throw new MalformedInputException(TOO_LARGE, sdp.length() + " characters");
        }
        if (!sdp.startsWith("v=")) {
            boolean later = sdp.contains("\nv=");
            throw new MalformedInputException(later ? LINE_BEFORE_VERSION : MISSING_VERSION, "line 1");
        }
        return new Sections().read(sdp);
    }

    /** The state of one parse: which section the next line belongs to. */
    private static final class Sections {
        private Origin origin;
        private String sessionName;
        private final List<SdpLine> sessionLines = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private String[] mediaLine;
        private int mediaPort;
        private int mediaPortCount;
        private List<String> mediaFormats;
        private List<SdpLine> mediaLines;
        private boolean timing;

        SessionDescription read(String sdp) throws MalformedInputException {
            int pos = 0;
            int lineNo = 0;
            int n = sdp.length();
            while (pos < n) {
                int nl = sdp.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                int next = nl < 0 ? n : nl + 1;
                if (nl >= 0 && end > pos && sdp.charAt(end - 1) == '\r') {
                    end--;
                }
                if (++lineNo > MAX_LINES) {
                    throw new MalformedInputException(TOO_MANY_LINES, "more than " + MAX_LINES);
                }
                line(sdp, pos, end, lineNo);
                pos = next;
            }
            if (sessionName == null) {
                throw refusal(origin == null ? BAD_ORIGIN : BAD_SESSION_NAME, lineNo + 1, "missing");
            }
            endSection(lineNo + 1);
            return new SessionDescription(origin, sessionName, sessionLines, media);
        }

        private void line(String sdp, int from, int to, int lineNo) throws MalformedInputException {
            if (to - from < 2 || sdp.charAt(from + 1) != '=' || sdp.charAt(from) < 'a' || sdp.charAt(from) > 'z') {
                throw refusal(BAD_LINE_SYNTAX, lineNo, "not <type>=<value>");
            }
            for (int i = from + 2; i < to; i++) {
                char c = sdp.charAt(i);
                if (c == '\r') {
                    throw refusal(BAD_LINE_SYNTAX, lineNo, "CR inside a line");
                }
                if (c == 0) {
                    throw refusal(BAD_ENCODING, lineNo, "NUL");
                }
            }
            char type = sdp.charAt(from);
            String value = sdp.substring(from + 2, to);
            switch (lineNo) {
                case 1 -> {
                    if (!value.equals("0")) {
                        throw refusal(BAD_VERSION, lineNo, "v=" + (value.length() > 8 ? value.substring(0, 8) : value));
                    }
                    return;
                }
                case 2 -> {
                    origin = origin(type, value, lineNo);
                    return;
                }
                case 3 -> {
                    if (type != 's' || value.isEmpty()) {
                        throw refusal(BAD_SESSION_NAME, lineNo, "expected a non-empty s=");
                    }
                    sessionName = value;
                    return;
                }
                default -> { }
            }
            List<SdpLine> target = mediaLines == null ? sessionLines : mediaLines;
            switch (type) {
                case 'v', 'o', 's' -> throw refusal(LINE_OUT_OF_PLACE, lineNo, type + "= after the first three lines");
                case 't', 'r', 'z' -> {
                    if (mediaLines != null) {
                        throw refusal(LINE_OUT_OF_PLACE, lineNo, type + "= inside a media section");
                    }
                    if (type == 't') {
                        sessionLines.add(timing(value, lineNo));
                        timing = true;
                    } else {
                        sessionLines.add(new SdpLine.Other(type, value));
                    }
                }
                case 'c' -> target.add(connection(value, lineNo));
                case 'a' -> target.add(SdpAttributeParser.parse(value, lineNo));
                case 'm' -> {
                    endSection(lineNo);
                    if (media.size() >= MAX_MEDIA_SECTIONS) {
                        throw refusal(TOO_MANY_MEDIA_SECTIONS, lineNo, "more than " + MAX_MEDIA_SECTIONS);
                    }
                    mediaLine(value, lineNo);
                }
                default -> target.add(new SdpLine.Other(type, value));
            }
        }

        private void endSection(int lineNo) throws MalformedInputException {
            if (!timing) {
                throw refusal(MISSING_TIMING, lineNo, "no t= before the first m= or the end");
            }
            if (mediaLines != null) {
                media.add(new MediaDescription(mediaLine[0], mediaPort, mediaPortCount, mediaLine[2], mediaFormats, mediaLines));
            }
        }

        private void mediaLine(String value, int lineNo) throws MalformedInputException {
            List<String> t = SdpTokens.split(value, ' ');
            if (t == null || t.size() < 4) {
                throw refusal(BAD_MEDIA_LINE, lineNo, "expected <media> <port> <proto> <fmt>...");
            }
            String port = t.get(1);
            int slash = port.indexOf('/');
            mediaPort = (int) SdpTokens.number(slash < 0 ? port : port.substring(0, slash), 0, 65535);
            mediaPortCount = slash < 0 ? 0 : (int) SdpTokens.number(port.substring(slash + 1), 1, 65535);
            if (mediaPort < 0 || mediaPortCount < 0) {
                throw refusal(BAD_MEDIA_LINE, lineNo, "bad port");
            }
            mediaFormats = t.subList(3, t.size());
            if (MediaDescription.isRtpProto(t.get(2))) {
                for (String f : mediaFormats) {
                    SdpAttributeParser.payloadType(f, lineNo);
                }
            }
            mediaLine = new String[] {t.get(0), port, t.get(2)};
            mediaLines = new ArrayList<>();
        }

        private static Origin origin(char type, String value, int lineNo) throws MalformedInputException {
            List<String> t = type == 'o' ? SdpTokens.split(value, ' ') : null;
            if (t == null || t.size() != 6 || !SdpTokens.isDigits(t.get(1)) || !SdpTokens.isDigits(t.get(2))) {
                throw refusal(BAD_ORIGIN, lineNo, "expected o= with six fields");
            }
            return new Origin(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5));
        }

        private static SdpLine.Timing timing(String value, int lineNo) throws MalformedInputException {
            List<String> t = SdpTokens.split(value, ' ');
            long start = t == null || t.size() != 2 ? -1 : SdpTokens.number(t.get(0), 0, Long.MAX_VALUE / 10);
            long stop = start < 0 ? -1 : SdpTokens.number(t.get(1), 0, Long.MAX_VALUE / 10);
            if (stop < 0) {
                throw refusal(BAD_TIMING, lineNo, "expected t=<start> <stop>");
            }
            return new SdpLine.Timing(start, stop);
        }

        private static SdpLine.Connection connection(String value, int lineNo) throws MalformedInputException {
            List<String> t = SdpTokens.split(value, ' ');
            if (t == null || t.size() != 3) {
                throw refusal(BAD_CONNECTION, lineNo, "expected c=<nettype> <addrtype> <address>");
            }
            return new SdpLine.Connection(t.get(0), t.get(1), t.get(2));
        }
    }
}
