package org.canal.protocol.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.canal.protocol.MalformedInputException;

/**
 * A small, deterministic mutation fuzzer for the protocol parsers, run a fixed number of times in the
 * ordinary test suite.
 *
 * <p>Each run mutates one of the real seed messages (RFC vectors, captured SDP), places the result at a
 * random offset inside a larger array filled with marker bytes, and calls the target on that range. It
 * then places the same input at another offset in an array filled with other marker bytes and calls the
 * target again. A run fails when the target:
 * <ul>
 *   <li>throws anything but {@link MalformedInputException} (an unchecked exception is a bug);</li>
 *   <li>writes outside the range it was given (the marker bytes changed);</li>
 *   <li>gives a different outcome for the same bytes (it read outside the range);</li>
 *   <li>does not return in time (an endless loop), checked over the whole batch.</li>
 * </ul>
 * The target returns a fingerprint of what it parsed (fields, re-serialised bytes, or the refusal
 * reason), which is what the two placements must agree on. Failures print the input in hex and the
 * seed that reproduces them.
 */
public final class MutationFuzzer {

    /** The parser under test. Returns a fingerprint of its outcome; may only throw a refusal. */
    @FunctionalInterface
    public interface Target {
        String parse(byte[] buf, int off, int len) throws MalformedInputException;
    }

    private final String name;
    private final List<byte[]> seeds = new ArrayList<>();
    private long randomSeed = 0x5EED_CA7AL;
    private int runs = 20_000;
    private int maxLength = 4096;
    private boolean lineMutations;
    private long timeoutMillis = 120_000;

    private int refused;
    private int accepted;

    private MutationFuzzer(String name) {
        this.name = name;
    }

    public static MutationFuzzer named(String name) {
        return new MutationFuzzer(name);
    }

    public MutationFuzzer seed(byte[] message) {
        seeds.add(message.clone());
        return this;
    }

    public MutationFuzzer seeds(List<byte[]> messages) {
        messages.forEach(this::seed);
        return this;
    }

    public MutationFuzzer seed(String text) {
        return seed(text.getBytes(StandardCharsets.UTF_8));
    }

    public MutationFuzzer runs(int runs) {
        this.runs = runs;
        return this;
    }

    public MutationFuzzer randomSeed(long seed) {
        this.randomSeed = seed;
        return this;
    }

    public MutationFuzzer maxLength(int maxLength) {
        this.maxLength = maxLength;
        return this;
    }

    public MutationFuzzer timeoutMillis(long millis) {
        this.timeoutMillis = millis;
        return this;
    }

    /** Adds line-level mutations (drop, duplicate, swap, cut a line) for text formats such as SDP. */
    public MutationFuzzer withLineMutations() {
        this.lineMutations = true;
        return this;
    }

    public int refusedCount() {
        return refused;
    }

    public int acceptedCount() {
        return accepted;
    }

    /** Runs the batch; fails the calling test on the first defect found. Returns this for the counts. */
    public MutationFuzzer run(Target target) {
        if (seeds.isEmpty()) {
            throw new IllegalStateException("a fuzzer needs at least one real seed message");
        }
        Object[] failure = new Object[1];
        byte[][] current = new byte[1][];
        Thread worker = new Thread(() -> {
            try {
                loop(target, current);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "fuzz-" + name);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        if (worker.isAlive()) {
            byte[] in = current[0];
            fail(name + ": no result within " + timeoutMillis + " ms (endless loop?) on input "
                    + (in == null ? "?" : hex(in)));
        }
        if (failure[0] instanceof AssertionError a) {
            throw a;
        }
        if (failure[0] != null) {
            throw new AssertionError(name + ": harness failed", (Throwable) failure[0]);
        }
        return this;
    }

    private void loop(Target target, byte[][] current) {
        SplittableRandom rnd = new SplittableRandom(randomSeed);
        // The seeds themselves first, unmutated: they must parse the same wherever they sit.
        for (int i = 0; i < runs + seeds.size(); i++) {
            byte[] input = i < seeds.size() ? seeds.get(i) : mutate(rnd);
            current[0] = input;
            String first = place(target, input, rnd, (byte) 0xA5, i);
            String second = place(target, input, rnd, (byte) 0x5A, i);
            if (!Objects.equals(first, second)) {
                fail(name + ": run " + i + " gave different results for the same bytes at different offsets"
                        + " (read outside the range?)\n  first:  " + first + "\n  second: " + second
                        + "\n  input: " + hex(input));
            }
            if (first.startsWith("refused:")) {
                refused++;
            } else {
                accepted++;
            }
        }
    }

    private String place(Target target, byte[] input, SplittableRandom rnd, byte marker, int run) {
        int before = rnd.nextInt(0, 65);
        int after = rnd.nextInt(0, 65);
        byte[] buf = new byte[before + input.length + after];
        Arrays.fill(buf, marker);
        System.arraycopy(input, 0, buf, before, input.length);
        String outcome;
        try {
            outcome = "ok:" + target.parse(buf, before, input.length);
        } catch (MalformedInputException e) {
            outcome = "refused:" + e.reason().name();
        } catch (Throwable t) {
            throw new AssertionError(name + ": run " + run + " (random seed " + randomSeed + ") threw "
                    + t + " instead of a refusal, on input " + hex(input), t);
        }
        for (int i = 0; i < buf.length; i++) {
            if ((i < before || i >= before + input.length) && buf[i] != marker) {
                fail(name + ": run " + run + " wrote outside its range at index " + (i - before)
                        + " on input " + hex(input));
            }
        }
        return outcome;
    }

    private byte[] mutate(SplittableRandom rnd) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            b = mutateOnce(b, rnd);
            if (b.length > maxLength) {
                b = Arrays.copyOf(b, maxLength);
            }
        }
        return b;
    }

    private static final int[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 4, 16, 64};

    private byte[] mutateOnce(byte[] b, SplittableRandom rnd) {
        int kinds = lineMutations ? 12 : 10;
        int kind = rnd.nextInt(kinds);
        if (b.length == 0 && kind < 9) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        switch (kind) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 2 -> b[rnd.nextInt(b.length)] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
            case 3 -> { // a 16-bit field (lengths, counts) set to an edge value
                if (b.length >= 2) {
                    int at = rnd.nextInt(b.length - 1);
                    int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    b[at] = (byte) (v >>> 8);
                    b[at + 1] = (byte) v;
                }
            }
            case 4 -> { // truncate
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 5 -> { // delete a range
                int from = rnd.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + rnd.nextInt(16));
                byte[] r = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, r, 0, from);
                System.arraycopy(b, to, r, from, b.length - to);
                return r;
            }
            case 6 -> { // insert random bytes
                int at = rnd.nextInt(b.length + 1);
                int n = 1 + rnd.nextInt(16);
                byte[] r = new byte[b.length + n];
                System.arraycopy(b, 0, r, 0, at);
                for (int i = 0; i < n; i++) {
                    r[at + i] = (byte) rnd.nextInt(256);
                }
                System.arraycopy(b, at, r, at + n, b.length - at);
                return r;
            }
            case 7 -> { // duplicate a chunk in place
                int from = rnd.nextInt(b.length);
                int n = Math.min(b.length - from, 1 + rnd.nextInt(32));
                byte[] r = new byte[b.length + n];
                System.arraycopy(b, 0, r, 0, from + n);
                System.arraycopy(b, from, r, from + n, b.length - from);
                return r;
            }
            case 8 -> { // splice: head of this seed, tail of another
                byte[] other = seeds.get(rnd.nextInt(seeds.size()));
                int cut = rnd.nextInt(b.length + 1);
                int ocut = rnd.nextInt(other.length + 1);
                byte[] r = new byte[cut + other.length - ocut];
                System.arraycopy(b, 0, r, 0, cut);
                System.arraycopy(other, ocut, r, cut, other.length - ocut);
                return r;
            }
            case 9 -> { // append
                int n = 1 + rnd.nextInt(8);
                byte[] r = Arrays.copyOf(b, b.length + n);
                for (int i = 0; i < n; i++) {
                    r[b.length + i] = (byte) rnd.nextInt(256);
                }
                return r;
            }
            default -> {
                return mutateLines(b, rnd, kind == 10);
            }
        }
        return b;
    }

    private static byte[] mutateLines(byte[] b, SplittableRandom rnd, boolean dropOrDuplicate) {
        String text = new String(b, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
        if (lines.isEmpty()) {
            return b;
        }
        int i = rnd.nextInt(lines.size());
        if (dropOrDuplicate) {
            if (rnd.nextBoolean()) {
                lines.remove(i);
            } else {
                lines.add(rnd.nextInt(lines.size() + 1), lines.get(i));
            }
        } else if (rnd.nextBoolean()) {
            int j = rnd.nextInt(lines.size());
            String t = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, t);
        } else {
            String line = lines.get(i);
            lines.set(i, line.substring(0, rnd.nextInt(line.length() + 1)));
        }
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    public static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 512));
        return b.length > 512 ? h + "... (" + b.length + " bytes)" : h;
    }
}
