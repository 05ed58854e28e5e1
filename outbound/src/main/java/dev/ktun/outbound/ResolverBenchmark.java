package dev.ktun.outbound;

import dev.ktun.tunnel.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * How fast the resolver answers cluster names over UDP on loopback: {@code clients} threads, each sending one query
 * and waiting for its answer (closed loop), cycling through the name forms (bare, svc.ns, FQDN, AAAA, NXDOMAIN) over
 * 200 Services. The server runs as in ktun: one NIO event loop. For the {@code bench} module, and runnable alone:
 * {@code java -cp ... dev.ktun.outbound.ResolverBenchmark [seconds] [clients]}. {@link #echoBaseline} runs the same
 * clients against a UDP echo server on the same kind of loop: what loopback UDP costs before any DNS work.
 */
public final class ResolverBenchmark {
    private static final int SERVICES = 200;
    private static final int MAX_MICROS = 100_000;

    /** Queries per second, and latency percentiles in microseconds (timeouts count as lost, not as latency). */
    public record Result(double queriesPerSecond, long p50Micros, long p99Micros, long p999Micros, long lost, int clients) {
        @Override
        public String toString() {
            return String.format("resolver: %.0f queries/s, p50 %d us, p99 %d us, p99.9 %d us, %d lost (%d clients, UDP, loopback)",
                    queriesPerSecond, p50Micros, p99Micros, p999Micros, lost, clients);
        }
    }

    private ResolverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        System.out.println(run(Duration.ofSeconds(seconds), clients));
    }

    /** The resolver: warms up for a third of {@code measure}, then measures. */
    public static Result run(Duration measure, int clients) throws Exception {
        ClusterNames names = new ClusterNames("cluster.local", List.of("shop"));
        List<ClusterService> services = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            services.add(ClusterService.of(i % 2 == 0 ? "shop" : "data", "svc-" + i, 8080));
        }
        NameTable table = names.table(services, new AddressBook());
        EventLoopGroup group = Transport.group(1, "bench-dns");
        try (DnsServer server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, null), group)) {
            return warmedUp(server.address(), measure, clients);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** The same queries, sent back unchanged by a UDP echo server on one NIO event loop: the direct baseline. */
    public static Result echoBaseline(Duration measure, int clients) throws Exception {
        EventLoopGroup group = Transport.group(1, "bench-udp-echo");
        try {
            Channel echo = new Bootstrap().group(group).channel(Transport.datagramChannel())
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            ctx.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            try {
                return warmedUp((InetSocketAddress) echo.localAddress(), measure, clients);
            } finally {
                echo.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static Result warmedUp(InetSocketAddress server, Duration measure, int clients) throws Exception {
        List<byte[]> queries = queries();
        round(server, queries, clients, measure.dividedBy(3));
        return round(server, queries, clients, measure);
    }

    private static List<byte[]> queries() throws IOException {
        List<byte[]> queries = new ArrayList<>();
        for (int i = 0; i < SERVICES; i += 2) {
            queries.add(query("svc-" + i, Type.A));
            queries.add(query("svc-" + (i + 1) + ".data", Type.A));
            queries.add(query("svc-" + i + ".shop.svc.cluster.local", Type.A));
            queries.add(query("svc-" + i + ".shop.svc.cluster.local", Type.AAAA));
            queries.add(query("nope-" + i + ".shop.svc.cluster.local", Type.A));
        }
        return queries;
    }

    private static byte[] query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)).toWire();
    }

    private static Result round(InetSocketAddress server, List<byte[]> queries, int clients, Duration length) throws Exception {
        long[][] histograms = new long[clients][MAX_MICROS + 1];
        long[] lost = new long[clients];
        long[] answered = new long[clients];
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.connect(server);
                    socket.setSoTimeout(1000);
                    byte[] in = new byte[1232];
                    java.net.DatagramPacket answer = new java.net.DatagramPacket(in, in.length);
                    for (int i = client; System.nanoTime() < end; i++) {
                        byte[] query = queries.get(i % queries.size());
                        long start = System.nanoTime();
                        socket.send(new java.net.DatagramPacket(query, query.length));
                        try {
                            socket.receive(answer);
                        } catch (SocketTimeoutException e) {
                            lost[client]++;
                            continue;
                        }
                        long micros = (System.nanoTime() - start) / 1000;
                        histograms[client][(int) Math.min(micros, MAX_MICROS)]++;
                        answered[client]++;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("benchmark client failed", e);
                }
            }, "bench-dns-client-" + c);
            threads.add(thread);
            thread.start();
        }
        long started = System.nanoTime();
        for (Thread thread : threads) {
            thread.join(length.toMillis() + 10_000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] merged = new long[MAX_MICROS + 1];
        long total = 0;
        for (int c = 0; c < clients; c++) {
            for (int m = 0; m <= MAX_MICROS; m++) {
                merged[m] += histograms[c][m];
            }
            total += answered[c];
        }
        return new Result(total / seconds, percentile(merged, total, 0.50), percentile(merged, total, 0.99),
                percentile(merged, total, 0.999), java.util.Arrays.stream(lost).sum(), clients);
    }

    private static long percentile(long[] histogram, long total, double fraction) {
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int m = 0; m < histogram.length; m++) {
            seen += histogram[m];
            if (seen >= wanted) {
                return m;
            }
        }
        return MAX_MICROS;
    }
}
