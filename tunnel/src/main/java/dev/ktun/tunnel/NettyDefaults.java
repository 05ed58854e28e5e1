package dev.ktun.tunnel;

import io.netty.util.ResourceLeakDetector;

/** Netty settings of a ktun process (the proxy, the CLI), applied first thing in its {@code main}. */
public final class NettyDefaults {
    private NettyDefaults() {
    }

    /**
     * Buffer leak detection off unless asked for ({@code -Dio.netty.leakDetection.level=simple}). Netty's default
     * samples one buffer in 128 and records a stack trace when that buffer is allocated and again when it is
     * released: 2-3 % of the proxy's and the client's CPU under load (perf, bench T4). The tests run every buffer
     * through paranoid detection and fail on a leak; production only pays for it when someone is looking.
     */
    public static void apply() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
