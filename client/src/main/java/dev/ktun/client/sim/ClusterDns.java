package dev.ktun.client.sim;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cluster's DNS server, as far as ktun asks it: the reverse name of each Service's cluster IP
 * ({@code orders.shop.svc.<domain>}), as CoreDNS answers it, over TCP (the proxy dials it through the tunnel). It
 * listens where the proxy pods find it by name ({@code kube-dns.kube-system.svc} in {@code cluster-hosts}): port 53,
 * which needs root, so the simulated cluster runs it only when asked ({@link SimulatedCluster#startDns()}).
 */
final class ClusterDns implements AutoCloseable {
    static final InetSocketAddress ADDRESS = new InetSocketAddress("127.53.0.10", 53);
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final KubernetesClient client;
    private final String domain;
    private final ServerSocket listener;

    private ClusterDns(KubernetesClient client, String domain, ServerSocket listener) {
        this.client = client;
        this.domain = domain;
        this.listener = listener;
    }

    static ClusterDns start(KubernetesClient client, String domain) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(ADDRESS, 16);
        ClusterDns dns = new ClusterDns(client, domain, listener);
        Thread accept = new Thread(dns::serve, "sim-cluster-dns");
        accept.setDaemon(true);
        accept.start();
        return dns;
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket caller = listener.accept()) {
                caller.setSoTimeout(READ_TIMEOUT_MILLIS);
                DataInputStream in = new DataInputStream(caller.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(new Message(query)).toWire();
                DataOutputStream out = new DataOutputStream(caller.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // closed, or a caller that went away: the next one is served
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        answer.addRecord(question, Section.QUESTION);
        Optional<Service> service = question.getType() != Type.PTR ? Optional.empty()
                : client.services().inAnyNamespace().list().getItems().stream()
                .filter(s -> s.getSpec().getClusterIP() != null && !"None".equals(s.getSpec().getClusterIP()))
                .filter(s -> reverseName(s.getSpec().getClusterIP()).equals(question.getName()))
                .findFirst();
        if (service.isEmpty()) {
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
            return answer;
        }
        Name target = Name.fromString(service.get().getMetadata().getName() + "." + service.get().getMetadata().getNamespace()
                + ".svc." + domain + ".");
        answer.addRecord(new PTRRecord(question.getName(), DClass.IN, 5, target), Section.ANSWER);
        return answer;
    }

    private static Name reverseName(String ip) {
        try {
            return ReverseMap.fromAddress(InetAddress.getByName(ip));
        } catch (IOException e) {
            throw new IllegalStateException("a Service's cluster IP that is no address: " + ip, e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
