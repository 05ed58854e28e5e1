package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A half-closed socket that waits for nothing and then has more to write than its buffers hold still writes it all
 * (Netty 4.2.18's epoll handler dropped such a socket from the epoll set and failed the write; see EpollSetKeeper).
 */
class EpollSetKeeperTest {
    private static final int REPLY_BYTES = 8 * 1024 * 1024;
    private static final int SMALL_BUFFER = 64 * 1024;

    private EventLoopGroup group;
    private Channel server;

    @BeforeEach
    void start() throws InterruptedException {
        assumeTrue(Transport.name().equals("epoll"), "the epoll transport is not in use on this machine");
        group = Transport.group(1, "epoll-set-keeper-test");
        server = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.SO_SNDBUF, SMALL_BUFFER)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReplyAfterPeerFin());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void halfClosedSocketThatWaitedForNothingStillWritesAReplyLargerThanItsBuffers() throws Exception {
        try (Socket caller = new Socket()) {
            caller.setReceiveBufferSize(SMALL_BUFFER);
            caller.setSoTimeout(10_000);
            caller.connect(server.localAddress());
            caller.shutdownOutput();

            assertThat(drain(caller.getInputStream())).isEqualTo(REPLY_BYTES);
        }
    }

    private static long drain(InputStream in) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            total += n;
        }
        return total;
    }

    /**
     * Replies once the peer's FIN has been handled, in a later task: by then the socket's interest is empty (input
     * shut, not reading, nothing queued), which is the state the bug needs.
     */
    private static final class ReplyAfterPeerFin extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ctx.executor().execute(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[REPLY_BYTES]))
                        .addListener(ChannelFutureListener.CLOSE));
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
