package org.canal.peer;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps a copy of every decrypted packet, for assertions. */
final class ReceivedPackets implements MediaListener {
    final List<byte[]> rtp = new CopyOnWriteArrayList<>();
    final List<byte[]> rtcp = new CopyOnWriteArrayList<>();

    @Override
    public void onRtp(byte[] buf, int off, int len) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
    }
}
