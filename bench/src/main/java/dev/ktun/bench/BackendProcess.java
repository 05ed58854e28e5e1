package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The backend JVM: this same bench code in {@code backend} mode, started and ended by the bench. */
final class BackendProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final ChildProcess process;
    private final BackendPorts ports;

    private BackendProcess(ChildProcess process, BackendPorts ports) {
        this.process = process;
        this.ports = ports;
    }

    static BackendProcess start() throws IOException, InterruptedException {
        ChildProcess process = ChildProcess.start("backend", List.of(Jars.jdkTool("java").toString(),
                "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "backend"));
        try {
            String line = process.expect(BackendPorts::isAnnouncement).get(READY.toMillis(), TimeUnit.MILLISECONDS);
            return new BackendProcess(process, BackendPorts.parse(line));
        } catch (ExecutionException | TimeoutException e) {
            process.close();
            throw new IllegalStateException("the backend process did not start within " + READY.toSeconds() + " s; its output:\n"
                    + process.recentOutput(), e);
        }
    }

    BackendPorts ports() {
        return ports;
    }

    InetSocketAddress sink() {
        return loopback(ports.sink());
    }

    InetSocketAddress source() {
        return loopback(ports.source());
    }

    InetSocketAddress echo() {
        return loopback(ports.echo());
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw process.ended();
        }
    }

    @Override
    public void close() {
        process.close();
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
