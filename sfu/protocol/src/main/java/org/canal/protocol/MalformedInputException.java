package org.canal.protocol;

/**
 * Input that a parser refused, with the typed reason and, where useful, where in the input it was.
 *
 * <p>Checked on purpose: a caller that parses untrusted bytes must decide what a refusal means
 * (an error reply, a counted drop). No stack trace is filled in, since the reason says it all and
 * refusals may come in floods.
 */
public final class MalformedInputException extends Exception {
    private final Malformation reason;

    public MalformedInputException(Malformation reason) {
        this(reason, null);
    }

    public MalformedInputException(Malformation reason, String detail) {
        super(reason.name() + ": " + reason.explanation() + (detail == null ? "" : " (" + detail + ")"),
                null, false, false);
        this.reason = reason;
    }

    public Malformation reason() {
        return reason;
    }
}
