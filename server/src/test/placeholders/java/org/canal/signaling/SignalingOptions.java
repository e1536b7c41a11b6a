package org.canal.signaling;

import java.time.Duration;

/** Stand-in until signaling lands (see server/pom.xml, profile placeholders-until-merge). */
public record SignalingOptions(String nodeId, byte[] secret, String issuer, String audience, Duration clockSkew,
        Duration resumeGrace, int maxMessageBytes, boolean diagnostics) {}
