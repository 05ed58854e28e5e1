package dev.ktun.client;

/** The exit codes other tools rely on (design: "Contracts"). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** Cluster or configuration: unreachable, operator missing, RBAC. */
    public static final int CLUSTER = 3;
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
