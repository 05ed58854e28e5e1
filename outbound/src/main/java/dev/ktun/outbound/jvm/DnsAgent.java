package dev.ktun.outbound.jvm;

import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;

/**
 * {@code -javaagent:ktun-dns-agent.jar=dns=IP:PORT,domain=cluster.local,search=...}: the application's JVM resolves
 * cluster names through ktun's resolver, with no root and no change to the machine (the JVM on macOS does not always
 * follow /etc/resolver: telepresence#2682). Runs on JDK 17 and later (its classes are Java 17 bytecode).
 *
 * <p>Nothing it does may stop the application: a bad option, a JDK whose internals moved, a module the agent cannot
 * open all end in one line on stderr, and the application runs on without cluster names.
 */
public final class DnsAgent {
    private DnsAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        install(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        install(args, instrumentation);
    }

    private static void install(String args, Instrumentation instrumentation) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            // The agent may open a JDK package to itself; the application needs no --add-opens.
            instrumentation.redefineModule(InetAddress.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.net", Set.of(DnsAgent.class.getModule())), Set.of(), Map.of());
            String how = InetAddressHook.install(new ClusterLookup(options));
            if (Boolean.getBoolean("ktun.agent.verbose")) {
                System.err.println("ktun: cluster names (" + options.domain() + ") resolve through " + options.dns()
                        + " via " + how);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // An exception out of premain aborts the JVM: without the hook the application runs, only without cluster names.
            System.err.println("ktun: the DNS agent is off, cluster names do not resolve in this JVM (Java "
                    + Runtime.version() + "): " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }
}
