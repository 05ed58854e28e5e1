package dev.ktun.outbound;

/**
 * A Service port ktun could not listen on, and why.
 *
 * @param needsPrivilege the OS refused the port as privileged (below 1024 on Linux, without root):
 *                       {@link #howToBindFrom} says what lets ktun bind it
 */
public record SkippedPort(Binding binding, String reason, boolean needsPrivilege) {

    @Override
    public String toString() {
        return binding.name() + ":" + binding.port() + " is not reachable locally: " + reason
                + (needsPrivilege ? " (ports below 1024 need privilege)" : "");
    }

    /**
     * What lets ktun bind privileged ports from {@code lowest} up. Not {@code setcap} on java: a java binary with file
     * capabilities no longer finds its own libjli.so (the loader ignores $ORIGIN for it).
     */
    public static String howToBindFrom(int lowest) {
        return "to reach ports from " + lowest + " up, run ktun with sudo (which also wires this machine's DNS), or let"
                + " every program bind them: 'sudo sysctl -w net.ipv4.ip_unprivileged_port_start=" + lowest + "' (until"
                + " reboot; a file in /etc/sysctl.d/ keeps it); then start ktun again";
    }
}
