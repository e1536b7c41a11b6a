package org.canal.peer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.canal.protocol.srtp.SrtpProfile;

/**
 * How a {@link Peer} connects: the local address its one host candidate binds (an ephemeral port on
 * it), its ICE and DTLS roles, the SRTP profiles it offers (as a DTLS client) or accepts (as a DTLS
 * server) in order of preference, and how long ICE and the DTLS handshake may take.
 *
 * <p>The defaults are those of a browser joining Canal: 127.0.0.1, ICE controlling, DTLS client,
 * AEAD_AES_128_GCM then AEAD_AES_256_GCM then AES_CM_128_HMAC_SHA1_80 (Chromium's order), 10 s for
 * each step.
 */
public record PeerOptions(InetAddress localAddress, IceRole iceRole, DtlsRole dtlsRole,
        List<SrtpProfile> srtpProfiles, Duration iceTimeout, Duration dtlsTimeout) {

    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = List.of(
            SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public PeerOptions {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(iceRole, "iceRole");
        Objects.requireNonNull(dtlsRole, "dtlsRole");
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
        requirePositive(iceTimeout, "iceTimeout");
        requirePositive(dtlsTimeout, "dtlsTimeout");
    }

    /** The defaults: a browser-like peer on 127.0.0.1. */
    public static PeerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().localAddress(localAddress).iceRole(iceRole).dtlsRole(dtlsRole)
                .srtpProfiles(srtpProfiles).iceTimeout(iceTimeout).dtlsTimeout(dtlsTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Builds {@link PeerOptions}; every setter has the default of {@link PeerOptions}. */
    public static final class Builder {
        private InetAddress localAddress = InetAddress.getLoopbackAddress();
        private IceRole iceRole = IceRole.CONTROLLING;
        private DtlsRole dtlsRole = DtlsRole.CLIENT;
        private List<SrtpProfile> srtpProfiles = DEFAULT_SRTP_PROFILES;
        private Duration iceTimeout = DEFAULT_TIMEOUT;
        private Duration dtlsTimeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The address the host candidate binds, 127.0.0.1 unless told (127.0.0.2 and up work on Linux). */
        public Builder localAddress(InetAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        public Builder iceRole(IceRole iceRole) {
            this.iceRole = iceRole;
            return this;
        }

        public Builder dtlsRole(DtlsRole dtlsRole) {
            this.dtlsRole = dtlsRole;
            return this;
        }

        public Builder srtpProfiles(List<SrtpProfile> srtpProfiles) {
            this.srtpProfiles = srtpProfiles;
            return this;
        }

        public Builder srtpProfiles(SrtpProfile... srtpProfiles) {
            return srtpProfiles(List.of(srtpProfiles));
        }

        public Builder iceTimeout(Duration iceTimeout) {
            this.iceTimeout = iceTimeout;
            return this;
        }

        public Builder dtlsTimeout(Duration dtlsTimeout) {
            this.dtlsTimeout = dtlsTimeout;
            return this;
        }

        public PeerOptions build() {
            return new PeerOptions(localAddress, iceRole, dtlsRole, srtpProfiles, iceTimeout, dtlsTimeout);
        }
    }
}
