package org.canal.media;

import java.util.List;

/** Stand-in until the media engine lands (see server/pom.xml, profile placeholders-until-merge). */
public record MediaOptions(String bindAddress, List<String> advertisedAddresses, int port, int loops) {}
