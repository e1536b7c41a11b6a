package org.canal.protocol.rtcp;

/**
 * Parses every packet of a compound with the view its kind calls for and describes what it found,
 * field by field: the fuzz tests' fingerprint. Holds one reusable view per kind.
 */
final class RtcpFingerprint {
    final RtcpCompoundReader reader = new RtcpCompoundReader();
    final SenderReportPacket sr = new SenderReportPacket();
    final ReceiverReportPacket rr = new ReceiverReportPacket();
    final ReportBlock block = new ReportBlock();
    final SdesPacket sdes = new SdesPacket();
    final ByePacket bye = new ByePacket();
    final GenericNackPacket nack = new GenericNackPacket();
    final TransportCcFeedbackPacket tcc = new TransportCcFeedbackPacket();
    final PictureLossIndicationPacket pli = new PictureLossIndicationPacket();
    final FullIntraRequestPacket fir = new FullIntraRequestPacket();
    final RembPacket remb = new RembPacket();
    final RawRtcpPacket raw = new RawRtcpPacket();

    /** The compound's refusal reason, or a description of every packet in it. */
    String describe(byte[] buf, int off, int len) {
        if (!reader.wrap(buf, off, len)) {
            return "refused:" + reader.malformation();
        }
        StringBuilder out = new StringBuilder(reader.isReducedSize() ? "rsize" : "full");
        while (reader.next()) {
            RtcpPacketKind kind = RtcpPacketKind.of(reader);
            out.append(" | ").append(kind).append(' ').append(reader.packetType()).append('/').append(reader.count())
                    .append(" @").append(reader.packetOffset() - off).append('+').append(reader.packetLength())
                    .append(" pad ").append(reader.paddingLength()).append(": ");
            describePacket(kind, reader.buffer(), reader.packetOffset(), reader.packetLength(), out);
        }
        return out.toString();
    }

    /**
     * One packet wrapped directly by the view its header calls for, with {@code len} possibly longer
     * than the packet: the refusal reason, or a description.
     */
    String describeAlone(byte[] buf, int off, int len) {
        if (!raw.wrap(buf, off, len)) {
            return "refused:" + raw.malformation();
        }
        RtcpPacketKind kind = RtcpPacketKind.of(buf, off, raw.length() - raw.paddingLength());
        StringBuilder out = new StringBuilder().append(kind).append(' ').append(raw.length()).append(": ");
        describePacket(kind, buf, off, len, out);
        return out.toString();
    }

    /** Describes the packet at {@code off} parsed as {@code kind}; a refusal is part of the description. */
    void describePacket(RtcpPacketKind kind, byte[] buf, int off, int len, StringBuilder out) {
        RtcpPacketView view = view(kind);
        if (!view.wrap(buf, off, len)) {
            out.append("refused ").append(view.malformation());
            return;
        }
        switch (kind) {
            case SENDER_REPORT -> {
                out.append(sr.senderSsrc()).append(' ').append(sr.ntpTimestamp()).append(' ').append(sr.rtpTimestamp())
                        .append(' ').append(sr.senderPacketCount()).append(' ').append(sr.senderOctetCount());
                for (int i = 0; i < sr.reportCount(); i++) {
                    describe(sr.reportBlock(i, block), out);
                }
                out.append(" ext ").append(sr.extensionLength());
            }
            case RECEIVER_REPORT -> {
                out.append(rr.senderSsrc());
                for (int i = 0; i < rr.reportCount(); i++) {
                    describe(rr.reportBlock(i, block), out);
                }
                out.append(" ext ").append(rr.extensionLength());
            }
            case SOURCE_DESCRIPTION -> {
                while (sdes.nextChunk()) {
                    out.append(" chunk ").append(sdes.chunkSsrc());
                    while (sdes.nextItem()) {
                        out.append(' ').append(sdes.itemType()).append('=').append(sdes.itemText());
                    }
                }
            }
            case BYE -> {
                for (int i = 0; i < bye.sourceCount(); i++) {
                    out.append(' ').append(bye.ssrc(i));
                }
                out.append(" reason ").append(bye.reasonText());
            }
            case GENERIC_NACK -> {
                out.append(nack.senderSsrc()).append(' ').append(nack.mediaSsrc()).append(" lost");
                for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
                    out.append(' ').append(seq);
                }
            }
            case TRANSPORT_CC -> {
                out.append(tcc.mediaSsrc()).append(" base ").append(tcc.baseSequenceNumber()).append(" ref ")
                        .append(tcc.referenceTime()).append(" fb ").append(tcc.feedbackPacketCount())
                        .append(" chunks ").append(tcc.chunkCount());
                while (tcc.nextStatus()) {
                    out.append(' ').append(tcc.sequenceNumber()).append(':').append(tcc.status());
                    if (tcc.isReceived()) {
                        out.append('@').append(tcc.arrivalMicros());
                    }
                }
            }
            case PICTURE_LOSS_INDICATION -> out.append(pli.senderSsrc()).append(' ').append(pli.mediaSsrc());
            case FULL_INTRA_REQUEST -> {
                for (int i = 0; i < fir.entryCount(); i++) {
                    out.append(' ').append(fir.entrySsrc(i)).append('#').append(fir.entrySequenceNumber(i));
                }
            }
            case REMB -> {
                out.append(remb.bitrate());
                for (int i = 0; i < remb.ssrcCount(); i++) {
                    out.append(' ').append(remb.ssrc(i));
                }
            }
            case RAW -> {
                out.append(raw.bodyLength()).append(" bytes");
                int sum = 0;
                for (int i = raw.bodyOffset(); i < raw.bodyOffset() + raw.bodyLength(); i++) {
                    sum = 31 * sum + raw.buffer()[i];
                }
                out.append(" hash ").append(sum);
            }
        }
    }

    private static void describe(ReportBlock b, StringBuilder out) {
        out.append(" [").append(b.ssrc()).append(' ').append(b.fractionLost()).append(' ').append(b.cumulativeLost())
                .append(' ').append(b.extendedHighestSequence()).append(' ').append(b.jitter()).append(' ')
                .append(b.lastSenderReport()).append(' ').append(b.delaySinceLastSenderReport()).append(']');
    }

    RtcpPacketView view(RtcpPacketKind kind) {
        return switch (kind) {
            case SENDER_REPORT -> sr;
            case RECEIVER_REPORT -> rr;
            case SOURCE_DESCRIPTION -> sdes;
            case BYE -> bye;
            case GENERIC_NACK -> nack;
            case TRANSPORT_CC -> tcc;
            case PICTURE_LOSS_INDICATION -> pli;
            case FULL_INTRA_REQUEST -> fir;
            case REMB -> remb;
            case RAW -> raw;
        };
    }
}
