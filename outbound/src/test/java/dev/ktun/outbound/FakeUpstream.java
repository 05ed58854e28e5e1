package dev.ktun.outbound;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The machine's "original" resolver, played by the test: dnsjava messages over plain UDP and TCP sockets, answering
 * from a small zone; names not in it get NXDOMAIN. Over UDP it honours the client's EDNS size (512 without), so a
 * large answer comes back truncated there and whole over TCP. Counts the queries it saw per transport.
 */
public final class FakeUpstream implements AutoCloseable {
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private DatagramSocket udp;
    private ServerSocket tcp;
    private final Thread udpLoop;
    private final Thread tcpLoop;
    public final AtomicInteger udpQueries = new AtomicInteger();
    public final AtomicInteger tcpQueries = new AtomicInteger();

    public FakeUpstream(InetSocketAddress listen) throws IOException {
        // Port 0: the UDP port picked may be taken for TCP; a few tries find one free for both.
        for (int attempt = 1; ; attempt++) {
            DatagramSocket datagrams = new DatagramSocket(listen);
            ServerSocket stream = new ServerSocket();
            try {
                stream.setReuseAddress(true);
                stream.bind(new InetSocketAddress(listen.getAddress(), datagrams.getLocalPort()), 16);
                udp = datagrams;
                tcp = stream;
                break;
            } catch (IOException e) {
                datagrams.close();
                stream.close();
                if (listen.getPort() != 0 || attempt == 10) {
                    throw e;
                }
            }
        }
        udpLoop = new Thread(this::serveUdp, "fake-upstream-udp");
        tcpLoop = new Thread(this::serveTcp, "fake-upstream-tcp");
        udpLoop.setDaemon(true);
        tcpLoop.setDaemon(true);
        udpLoop.start();
        tcpLoop.start();
    }

    public static FakeUpstream onLoopback() throws IOException {
        return new FakeUpstream(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public FakeUpstream with(Record... records) {
        for (Record record : records) {
            zone.computeIfAbsent(record.getName(), n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(record);
        }
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    private byte[] answer(byte[] wire, int limit) throws IOException {
        Message query = new Message(wire);
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RA);
        Record question = query.getQuestion();
        answer.addRecord(question, Section.QUESTION);
        List<Record> records = zone.get(question.getName());
        if (records == null) {
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            records.stream().filter(r -> r.getType() == question.getType() && r.getDClass() == DClass.IN)
                    .forEach(r -> answer.addRecord(r, Section.ANSWER));
        }
        return answer.toWire(limit);
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                byte[] wire = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                Message query = new Message(wire);
                int limit = query.getOPT() == null ? 512 : Math.max(512, query.getOPT().getPayloadSize());
                byte[] answer = answer(wire, limit);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a query it cannot parse: the next one is served
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket socket = tcp.accept()) {
                socket.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                tcpQueries.incrementAndGet();
                byte[] answer = answer(wire, 65535);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        try {
            udpLoop.join(5000);
            tcpLoop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
