package org.canal.benchmarks;

import java.util.concurrent.TimeUnit;
import org.canal.protocol.BigEndian;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A floor for the header benchmarks: reading the fixed RTP header's fields, nothing else. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BigEndianBenchmark {
    private final byte[] header = {(byte) 0x80, 0x60, 0x12, 0x34, 0, 0, 0x10, 0, 0x11, 0x22, 0x33, 0x44};

    @Benchmark
    public long readFixedHeader() {
        return BigEndian.u16(header, 2) + BigEndian.u32(header, 4) + BigEndian.u32(header, 8);
    }
}
