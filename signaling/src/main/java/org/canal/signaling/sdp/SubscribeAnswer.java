package org.canal.signaling.sdp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.RemoteTransport;

/**
 * What a browser's answer to a subscribe offer accepted: its transport, and per accepted section the
 * codec (with the payload type the answer uses) and extensions; {@code rejected} lists the mids it
 * answered with port 0 or without a usable codec.
 */
public record SubscribeAnswer(RemoteTransport remote, Map<String, Accepted> accepted, Set<String> rejected) {
    public SubscribeAnswer {
        accepted = Map.copyOf(accepted);
        rejected = Set.copyOf(rejected);
    }

    public record Accepted(String mid, Codec codec, List<HeaderExtension> extensions) {
        public Accepted {
            extensions = List.copyOf(extensions);
        }
    }
}
