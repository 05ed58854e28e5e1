package dev.ktun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    /** {@code jcmd PID GC.heap_info} of a JDK 17 JVM on G1. */
    private static final String G1_HEAP_INFO = """
            32027:
             garbage-first heap   total 397312K, used 18937K [0x0000000687400000, 0x0000000800000000)
              region size 4096K, 4 young (16384K), 0 survivors (0K)
             Metaspace       used 7244K, committed 7488K, reserved 1114112K
              class space    used 782K, committed 896K, reserved 1048576K
            """;

    /** The same on the serial collector (a JVM that thinks it has one core): one line per generation. */
    private static final String SERIAL_HEAP_INFO = """
            4711:
             def new generation   total 4928K, used 1000K [0x00000000c2a00000, 0x00000000c2f50000, 0x00000000d7150000)
              eden space 4416K,  22% used [0x00000000c2a00000, 0x00000000c2af5e28, 0x00000000c2e50000)
             tenured generation   total 10944K, used 2000K [0x00000000d7150000, 0x00000000d7c00000, 0x0000000100000000)
             Metaspace       used 7244K, committed 7488K, reserved 1114112K
              class space    used 782K, committed 896K, reserved 1048576K
            """;

    private static final String NMT = """
            32027:

            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=7845580KB, committed=484396KB
            -                 Java Heap (reserved=6172672KB, committed=397312KB)
                                        (mmap: reserved=6172672KB, committed=397312KB)
            -                  Internal (reserved=226KB, committed=226KB)
                                        (malloc=190KB #1963) (peak=190KB #1962)
            -                     Other (reserved=4202KB, committed=4106KB)
                                        (malloc=4106KB #6) (at peak)
            -                    Symbol (reserved=2133KB, committed=2133KB)
            """;

    @Test
    void heapInUseIsTheHeapsUsedWithoutMetaspace() {
        assertThat(ProcessMemory.heapUsedKib(G1_HEAP_INFO)).isEqualTo(18937);
    }

    @Test
    void heapInUseAddsTheGenerationsOfAGenerationalCollector() {
        assertThat(ProcessMemory.heapUsedKib(SERIAL_HEAP_INFO)).isEqualTo(3000);
    }

    @Test
    void directMemoryIsWhatNmtCommitsUnderOther() {
        assertThat(ProcessMemory.otherCommittedKib(NMT)).isEqualTo(4106);
    }

    @Test
    void aReportWithoutOtherMeansNoDirectMemoryWorthCounting() {
        assertThat(ProcessMemory.otherCommittedKib(NMT.replaceAll("(?m)^.*Other.*\\n.*\\n", ""))).isZero();
    }

    @Test
    void aJvmWithoutTrackingIsAnErrorThatNamesTheFlag() {
        assertThatThrownBy(() -> ProcessMemory.otherCommittedKib("4711:\nNative memory tracking is not enabled\n"))
                .hasMessageContaining("-XX:NativeMemoryTracking=summary");
    }
}
