package org.canal.protocol.sdp;

import org.canal.protocol.Malformation;

/** Why {@link SdpParser} refused a session description (RFC 8866 and the attribute RFCs it cites). */
public enum SdpMalformation implements Malformation {
    TOO_LARGE("the description is larger than the parser's size limit"),
    TOO_MANY_LINES("the description has more lines than the parser's line limit"),
    TOO_MANY_MEDIA_SECTIONS("the description has more m= sections than the parser's limit"),
    BAD_ENCODING("SDP is UTF-8 text without NUL bytes (RFC 8866 section 5)"),
    BAD_LINE_SYNTAX("every line is <type>=<value> with a single lower-case letter type, ended by CRLF (RFC 8866 section 5)"),
    MISSING_VERSION("a description starts with a v= line (RFC 8866 section 5.1)"),
    LINE_BEFORE_VERSION("a line came before v=, which must be the first line (RFC 8866 section 5)"),
    BAD_VERSION("v= must be 0 (RFC 8866 section 5.1)"),
    BAD_ORIGIN("the second line must be o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address> (RFC 8866 section 5.2)"),
    BAD_SESSION_NAME("the third line must be a non-empty s= line (RFC 8866 section 5.3)"),
    MISSING_TIMING("the session section has no t= line (RFC 8866 section 5.9)"),
    BAD_TIMING("t= must be <start-time> <stop-time>, two decimal numbers (RFC 8866 section 5.9)"),
    BAD_CONNECTION("c= must be <nettype> <addrtype> <connection-address> (RFC 8866 section 5.7)"),
    LINE_OUT_OF_PLACE("a session-only line (v=, o=, s=, t=, r=, z=) repeated or appeared inside a media section (RFC 8866 section 5)"),
    BAD_MEDIA_LINE("m= must be <media> <port>[/<count>] <proto> <fmt> ... (RFC 8866 section 5.14)"),
    BAD_PAYLOAD_TYPE("an RTP payload type must be a decimal number from 0 to 127 (RFC 3551, RFC 8866 section 5.14)"),
    BAD_EXTMAP_ID("an extmap id must be a decimal number from 1 to 255 (RFC 8285 section 5)"),
    BAD_ATTRIBUTE_VALUE("a known attribute's value does not follow its grammar");

    private final String explanation;

    SdpMalformation(String explanation) {
        this.explanation = explanation;
    }

    @Override
    public String explanation() {
        return explanation;
    }
}
