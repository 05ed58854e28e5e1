package dev.ktun.client;

import dev.ktun.outbound.Binding;
import dev.ktun.outbound.OutboundEvents;
import dev.ktun.outbound.SkippedPort;

/** Outbound as the developer hears it: which cluster names and ports work here now, which do not and why. */
final class OutboundConsole implements OutboundEvents {
    private final Console console;
    /** Set when ktun stops: then every listener closes, and saying each Service is gone would be untrue. */
    private volatile boolean closing;
    /** The lowest privileged port skipped so far: how to enable them is said again only when it goes lower. */
    private int lowestPrivilegedSkipped = Integer.MAX_VALUE;

    OutboundConsole(Console console) {
        this.console = console;
    }

    void closing() {
        closing = true;
    }

    @Override
    public void listening(Binding binding) {
        console.say("outbound: %s:%d works here (%s:%d)", binding.name(), binding.port(), binding.address().getHostAddress(),
                binding.port());
    }

    @Override
    public void stopped(Binding binding) {
        if (closing) {
            return;
        }
        console.say("outbound: %s:%d is gone (its Service changed or was deleted)", binding.name(), binding.port());
    }

    @Override
    public synchronized void skipped(SkippedPort skipped) {
        console.say("outbound: %s", skipped);
        if (skipped.needsPrivilege() && skipped.binding().port() < lowestPrivilegedSkipped) {
            lowestPrivilegedSkipped = skipped.binding().port();
            console.say("outbound: %s", SkippedPort.howToBindFrom(lowestPrivilegedSkipped));
        }
    }

    @Override
    public void dropped(Binding binding) {
        console.say("outbound: no tunnel right now: closed a connection to %s:%d; it works again once the tunnel is back",
                binding.name(), binding.port());
    }

    @Override
    public void note(String message) {
        console.say("DNS: %s", message);
    }
}
