package dev.ktun.bench;

import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ktun-bench backend}: the backends in a JVM of their own. T7 holds 10,000 connections open; their backend
 * ends need their own process, since one process may not hold 20,000 sockets here.
 */
@Command(name = "backend", hidden = true, description = "Run the bench backends (started by the bench itself).")
final class BackendCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        EventLoopGroup group = Transport.group(2, "bench-backend");
        try {
            System.out.println(BackendServers.start(group).announcement());
            System.out.flush();
            // The bench holds our stdin: when it exits, even by kill -9, the pipe closes and so do we.
            while (System.in.read() != -1) {
                // the bench never writes; reading only waits for the end
            }
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
