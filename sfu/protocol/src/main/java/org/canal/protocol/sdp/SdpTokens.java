package org.canal.protocol.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Strict tokenising for SDP values. Numbers are plain decimal without sign or leading zeros and
 * separators are single characters, so that a parsed value written back is the text it came from.
 */
final class SdpTokens {
    private SdpTokens() {}

    /** Splits on {@code sep}; null if any token is empty (a doubled, leading or trailing separator). */
    static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == sep) {
                if (i == start) {
                    return null;
                }
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** A decimal number in [min, max] without sign or leading zero, or -1. */
    static long number(String s, long min, long max) {
        if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                return -1;
            }
        }
        return v < min ? -1 : v;
    }

    /** True if {@code s} is non-empty and holds no space or tab (an SDP token or similar). */
    static boolean isWord(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                return false;
            }
        }
        return true;
    }

    /** True if every character is a decimal digit and there is at least one. */
    static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
