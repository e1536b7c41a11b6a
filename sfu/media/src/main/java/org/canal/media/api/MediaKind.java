package org.canal.media.api;

public enum MediaKind {
    AUDIO,
    VIDEO
}
