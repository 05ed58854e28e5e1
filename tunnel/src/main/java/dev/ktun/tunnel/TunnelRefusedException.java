package dev.ktun.tunnel;

/** The other side would not open the tunnel: wrong token, no common version, or it said something else first. */
public final class TunnelRefusedException extends Exception {
    private final Reason reason;

    public TunnelRefusedException(Reason reason) {
        super(reason.toString());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
