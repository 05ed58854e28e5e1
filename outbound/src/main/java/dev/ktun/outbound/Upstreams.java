package dev.ktun.outbound;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * The machine's original resolvers, to which every name that is not the cluster's goes. Tried in order, each with a
 * timeout; at most {@code maxInFlight} queries wait at once, so a dead upstream cannot make ktun hoard queries.
 */
public final class Upstreams {
    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Upstreams(List<InetSocketAddress> servers, Duration timeout, int maxInFlight) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** The {@code nameserver} lines of a resolv.conf, minus {@code self} (forwarding to ourselves would loop). */
    public static List<InetSocketAddress> fromResolvConf(String text, InetSocketAddress self) {
        List<InetSocketAddress> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                String host = words[1].contains("%") ? words[1].substring(0, words[1].indexOf('%')) : words[1];
                if (!host.contains(":")) {
                    InetSocketAddress server = new InetSocketAddress(Inet4Addresses.of(host), 53);
                    if (!server.equals(self)) {
                        found.add(server);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Sends {@code query} upstream with a fresh id and gives the answer back under the caller's id. Over UDP a
     * truncated answer is passed on as it is (TC set), so the client retries over TCP, which ktun then uses upstream.
     * Fails when no upstream answered, or when too many queries are waiting already.
     */
    public CompletionStage<Message> forward(Message query, boolean tcp) {
        if (servers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no upstream resolver"));
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException(maxInFlight + " upstream queries waiting"));
        }
        int callerId = query.getHeader().getID();
        Message outgoing = query.clone();
        outgoing.getHeader().setID(ThreadLocalRandom.current().nextInt(0x10000));
        return tryFrom(0, outgoing, tcp).whenComplete((answer, failure) -> inFlight.decrementAndGet())
                .thenApply(answer -> {
                    answer.getHeader().setID(callerId);
                    return answer;
                });
    }

    private CompletionStage<Message> tryFrom(int index, Message query, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(servers.get(index));
        resolver.setTimeout(timeout);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        return resolver.sendAsync(query).handle((answer, failure) -> {
            if (failure == null || index + 1 >= servers.size()) {
                return failure == null ? CompletableFuture.completedFuture(answer) : CompletableFuture.<Message>failedFuture(failure);
            }
            return tryFrom(index + 1, query, tcp);
        }).thenCompose(stage -> stage);
    }
}
