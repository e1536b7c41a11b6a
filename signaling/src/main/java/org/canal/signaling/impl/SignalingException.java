package org.canal.signaling.impl;

import org.canal.signaling.ErrorCode;

/**
 * A refused request: the code and developer message of the {@code error} reply, and the request's
 * {@code id} when it had one. No stack trace: refusals are expected and may come in floods.
 */
final class SignalingException extends Exception {
    private final ErrorCode code;
    private final String requestId;

    SignalingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    SignalingException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    ErrorCode code() {
        return code;
    }

    String requestId() {
        return requestId;
    }

    SignalingException withRequestId(String id) {
        return new SignalingException(code, getMessage(), id);
    }
}
