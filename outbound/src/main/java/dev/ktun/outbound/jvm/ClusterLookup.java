package dev.ktun.outbound.jvm;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks ktun's resolver for a name the way a pod would: a name in the cluster domain as it is, any other through the
 * pod search list. Only names inside the cluster domain are sent, so ktun answers each with an address or NXDOMAIN,
 * and everything else (localhost, example.com) is left to the JVM's own resolver. A tiny DNS client of its own: the
 * agent lands on the application's class path and must not bring libraries into it.
 */
final class ClusterLookup {
    private static final int TYPE_A = 1;
    private static final int CLASS_IN = 1;
    private static final int HEADER = 12;

    private final AgentOptions options;

    ClusterLookup(AgentOptions options) {
        this.options = options;
    }

    /** The cluster name's addresses, or null: not a cluster name, or ktun did not answer (the JVM then resolves it). */
    InetAddress[] lookup(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.isEmpty() || name.equals("localhost") || name.endsWith(".localhost")) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        if (name.equals(options.domain()) || name.endsWith("." + options.domain())) {
            candidates.add(name);
        } else {
            for (String suffix : options.search()) {
                candidates.add(name + "." + suffix);
            }
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(options.dns());
            socket.setSoTimeout(options.timeoutMillis());
            for (String candidate : candidates) {
                List<byte[]> addresses = query(socket, candidate);
                if (addresses == null) {
                    return null;
                }
                if (!addresses.isEmpty()) {
                    InetAddress[] result = new InetAddress[addresses.size()];
                    for (int i = 0; i < result.length; i++) {
                        result[i] = InetAddress.getByAddress(host, addresses.get(i));
                    }
                    return result;
                }
            }
        } catch (IOException e) {
            return null; // ktun is not there (port unreachable, timeout): the JVM's own resolver decides
        }
        return null;
    }

    /** A's of {@code name}; empty for NXDOMAIN/NODATA; null when the answer is unusable (SERVFAIL, REFUSED, garbage). */
    private static List<byte[]> query(DatagramSocket socket, String name) throws IOException {
        byte[] question = question(name);
        if (question == null) {
            return new ArrayList<>();
        }
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        ByteBuffer out = ByteBuffer.allocate(HEADER + question.length + 4);
        out.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putInt(0);
        out.put(question).putShort((short) TYPE_A).putShort((short) CLASS_IN);
        socket.send(new DatagramPacket(out.array(), out.position()));
        byte[] in = new byte[1232];
        long deadline = System.nanoTime() + socket.getSoTimeout() * 1_000_000L;
        while (true) {
            DatagramPacket packet = new DatagramPacket(in, in.length);
            socket.receive(packet);
            ByteBuffer answer = ByteBuffer.wrap(in, 0, packet.getLength());
            if (packet.getLength() >= HEADER && (answer.getShort(0) & 0xffff) == id) {
                return parse(answer);
            }
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no answer from ktun for " + name);
            }
        }
    }

    private static byte[] question(String name) {
        ByteBuffer out = ByteBuffer.allocate(256);
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0 || bytes.length > 63 || out.remaining() < bytes.length + 2) {
                return null; // not a name DNS can carry, so not a cluster name
            }
            out.put((byte) bytes.length).put(bytes);
        }
        out.put((byte) 0);
        byte[] wire = new byte[out.position()];
        out.flip().get(wire);
        return wire;
    }

    private static List<byte[]> parse(ByteBuffer in) {
        try {
            int flags = in.getShort(2) & 0xffff;
            int rcode = flags & 0xf;
            if ((flags & 0x8000) == 0 || (rcode != 0 && rcode != 3)) {
                return null;
            }
            List<byte[]> addresses = new ArrayList<>();
            int questions = in.getShort(4) & 0xffff;
            int answers = in.getShort(6) & 0xffff;
            in.position(HEADER);
            for (int i = 0; i < questions; i++) {
                skipName(in);
                in.position(in.position() + 4);
            }
            for (int i = 0; i < answers && rcode == 0; i++) {
                skipName(in);
                int type = in.getShort() & 0xffff;
                in.position(in.position() + 6);
                int length = in.getShort() & 0xffff;
                if (type == TYPE_A && length == 4) {
                    byte[] address = new byte[4];
                    in.get(address);
                    addresses.add(address);
                } else {
                    in.position(in.position() + length);
                }
            }
            return addresses;
        } catch (RuntimeException e) {
            return null; // truncated or malformed: not an answer to trust
        }
    }

    /** Skips a name: labels up to the root, or up to a compression pointer (which ends it). */
    private static void skipName(ByteBuffer in) {
        while (true) {
            int length = in.get() & 0xff;
            if (length == 0) {
                return;
            }
            if ((length & 0xc0) == 0xc0) {
                in.get();
                return;
            }
            in.position(in.position() + length);
        }
    }
}
