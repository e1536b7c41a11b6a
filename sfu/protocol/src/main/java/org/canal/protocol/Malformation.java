package org.canal.protocol;

/**
 * Why a parser refused its input. Each protocol has an enum of its own that implements this, so a
 * refusal is typed (a constant a caller can count or switch on) and explained (a sentence for an
 * operator or a test report).
 *
 * <p>Hot-path parsers report a {@code Malformation} by return value, which allocates nothing, so that
 * a flood of malformed packets is a counted drop; control-plane parsers (SDP) throw
 * {@link MalformedInputException}.
 */
public interface Malformation {
    /** The constant's name, e.g. {@code TRUNCATED_HEADER}: stable, fit for a metric label. */
    String name();

    /** One sentence saying what was wrong, citing the rule broken where that helps. */
    String explanation();
}
