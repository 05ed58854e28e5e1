package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller in the cluster that asks a Service again and again, on a new connection each time (a Service picks a pod
 * per connection), about once a millisecond or as fast as the path answers. Closed loop: the next request leaves when
 * the previous one was answered, so a slow moment never piles requests up in front of the switch T8 measures. It
 * sends its line and waits, without half-closing, as HTTP clients do.
 */
final class ServiceProbe implements AutoCloseable {
    private static final long INTERVAL_NANOS = 1_000_000;
    private static final int TIMEOUT_MILLIS = 5_000;

    private final InetSocketAddress service;
    private final String awaited;
    private final CompletableFuture<Void> heard = new CompletableFuture<>();
    private final Thread thread;
    private final Map<String, Integer> answers = new TreeMap<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean running = true;
    private int requests;

    private ServiceProbe(InetSocketAddress service, String awaited) {
        this.service = service;
        this.awaited = awaited;
        this.thread = new Thread(this::loop, "bench-service-probe");
        thread.setDaemon(true);
    }

    /** @param awaited the answer {@link #heard()} waits for */
    static ServiceProbe start(InetSocketAddress service, String awaited) {
        ServiceProbe probe = new ServiceProbe(service, awaited);
        probe.thread.start();
        return probe;
    }

    /** Completes when a request was first answered with the awaited answer. */
    CompletableFuture<Void> heard() {
        return heard;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            String answer = ask();
            synchronized (this) {
                requests++;
                answers.merge(answer, 1, Integer::sum);
            }
            if (answer.equals(awaited)) {
                heard.complete(null);
            }
            next += INTERVAL_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private String ask() {
        try (Socket socket = new Socket()) {
            socket.connect(service, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write("?\n".getBytes(StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return answer.isEmpty() ? "no answer" : answer;
        } catch (IOException e) {
            return "failed";
        }
    }

    /** "3,214 requests (local 1, origin 3,213), one every 1.02 ms": what the caller saw so far. */
    synchronized String describe() {
        double cycleMillis = requests == 0 ? 0 : (System.nanoTime() - startedNanos) / 1e6 / requests;
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d requests (", requests));
        answers.forEach((answer, count) -> text.append(text.charAt(text.length() - 1) == '(' ? "" : ", ")
                .append(answer).append(' ').append(String.format(Locale.ROOT, "%,d", count)));
        return text.append(String.format(Locale.ROOT, "), one every %.2f ms", cycleMillis)).toString();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2L * TIMEOUT_MILLIS);
    }
}
