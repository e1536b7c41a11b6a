package org.canal.server;

/** A configuration value that a node refuses to start with; names the key so the operator can fix it. */
public final class InvalidOptionException extends IllegalArgumentException {
    private final String key;

    public InvalidOptionException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
