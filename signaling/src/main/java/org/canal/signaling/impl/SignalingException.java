package org.canal.signaling.impl;

import org.canal.signaling.ErrorCode;

/**
 * A refused request: the code and developer message of the {@code error} reply, and the request's
 * {@code id} when it had one. No stack trace: refusals are expected and may come in floods.
 */
final class SignalingException extends Exception {
    private final ErrorCode code;
    private final String requestId;
    /** The node the {@code error} reply names ({@code SESSION_ON_OTHER_NODE}), or null. */
    private final String node;

    SignalingException(ErrorCode code, String message) {
        this(code, message, null);
    }

    SignalingException(ErrorCode code, String message, String requestId) {
        this(code, message, requestId, null);
    }

    private SignalingException(ErrorCode code, String message, String requestId, String node) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
        this.node = node;
    }

    ErrorCode code() {
        return code;
    }

    String requestId() {
        return requestId;
    }

    String node() {
        return node;
    }

    SignalingException withRequestId(String id) {
        return new SignalingException(code, getMessage(), id, node);
    }

    SignalingException withNode(String nodeId) {
        return new SignalingException(code, getMessage(), requestId, nodeId);
    }
}
