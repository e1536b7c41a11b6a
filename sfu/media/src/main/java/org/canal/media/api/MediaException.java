package org.canal.media.api;

/** Why the media engine refused a command. */
public final class MediaException extends RuntimeException {
    public enum Code {
        UNKNOWN_CALL,
        UNKNOWN_TRANSPORT,
        WRONG_DIRECTION,
        INVALID_ARGUMENT,
        UNSUPPORTED_CODEC,
        CAPACITY,
        INTERNAL
    }

    private final Code code;

    public MediaException(Code code, String message) {
        super(code + ": " + message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
