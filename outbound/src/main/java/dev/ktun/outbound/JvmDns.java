package dev.ktun.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The JVM way to cluster names: a {@code -javaagent} that needs no root and no OS change (see
 * {@code dev.ktun.outbound.jvm.DnsAgent}; JDK 17 and later). The agent jar is written from the classes on ktun's
 * own class path, so ktun ships one jar and the agent can never be out of step with it.
 */
public final class JvmDns {
    public static final String JAR_NAME = "ktun-dns-agent.jar";
    private static final String PACKAGE = "dev/ktun/outbound/jvm/";
    /** Every class of the agent package; {@code JvmDnsTest} checks the list against the compiled package. */
    static final List<String> AGENT_CLASSES = List.of("DnsAgent", "AgentOptions", "ClusterLookup", "InetAddressHook");

    private JvmDns() {
    }

    /** Writes the agent jar into {@code dir} (replacing an older one) and returns its path. */
    public static Path writeAgentJar(Path dir) throws IOException {
        Files.createDirectories(dir);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Premain-Class"), PACKAGE.replace('/', '.') + "DnsAgent");
        main.put(new Attributes.Name("Agent-Class"), PACKAGE.replace('/', '.') + "DnsAgent");
        Path partial = Files.createTempFile(dir, JAR_NAME, ".partial");
        try (OutputStream file = Files.newOutputStream(partial); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (String name : AGENT_CLASSES) {
                String entry = PACKAGE + name + ".class";
                try (InputStream in = JvmDns.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("the agent class " + entry + " is missing from ktun's class path");
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return Files.move(partial, dir.resolve(JAR_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The JVM option: {@code -javaagent:<jar>=dns=IP:PORT,domain=...,search=...}. No spaces, so it also works in
     * {@code JAVA_TOOL_OPTIONS} for launchers (Gradle, Maven, IDEs) whose java command ktun does not see.
     */
    public static String javaAgentOption(Path agentJar, InetSocketAddress resolver, ClusterNames names) {
        return "-javaagent:" + agentJar.toAbsolutePath() + "=dns=" + resolver.getAddress().getHostAddress() + ":"
                + resolver.getPort() + ",domain=" + names.domain() + ",search=" + String.join(":", names.searchList());
    }
}
