package org.canal.protocol.srtp;

import java.util.HexFormat;

/**
 * Hex for the tests' byte arrays, written in the RFCs' grouping: whitespace is ignored and each
 * line may end with a {@code # comment} naming its fields.
 */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        StringBuilder digits = new StringBuilder();
        for (String line : hex.split("\n")) {
            int comment = line.indexOf('#');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
