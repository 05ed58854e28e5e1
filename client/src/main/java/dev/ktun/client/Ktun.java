package dev.ktun.client;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.NettyDefaults;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ktun} command line. */
@Command(name = "ktun", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class,
        subcommands = {InterceptCommand.class, ConnectCommand.class, LeaveCommand.class, ListCommand.class, StatusCommand.class, DemoCommand.class,
                TunnelCommand.class, CommandLine.HelpCommand.class},
        description = {"Develop against Kubernetes as if it were local.",
                "Sends a cluster Service's traffic to a process on this machine, and lets it call cluster services."},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error, 3 cluster or configuration problem, 130 interrupted."})
public final class Ktun {

    public static void main(String[] args) {
        NettyDefaults.apply();
        // The CLI speaks for itself on stderr; library logs only when something is wrong (override with -D...).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // fabric8 warns on every use of a v1alpha1 API; the Intercept's version is ktun's choice, not the user's problem.
            System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
        }
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** The testable entry point: data on {@code out}, messages on {@code err}, the exit code returned. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Ktun())
                .setOut(out)
                .setErr(err)
                .registerConverter(HostPort.class, HostPort::parse)
                .registerConverter(PortClaim.class, PortClaim::parse)
                .registerConverter(Forward.class, Forward::parse)
                .registerConverter(ServiceTarget.class, ServiceTarget::parse)
                .registerConverter(InterceptPortOption.class, InterceptPortOption::parse)
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    if (e instanceof KtunException known) {
                        cl.getErr().println("ktun: " + known.getMessage());
                        return known.exitCode();
                    }
                    cl.getErr().println("ktun: internal error: " + e + " (this is a bug; the stack trace follows)");
                    e.printStackTrace(cl.getErr());
                    return ExitCode.FAILURE;
                });
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine.execute(args);
    }

    /** The version stamped into the jar's manifest at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Ktun.class.getPackage().getImplementationVersion();
            return new String[] {"ktun " + (version != null ? version : "dev")};
        }
    }
}
