package dev.ktun.tunnel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends HELLO, waits for WELCOME (or a GOAWAY saying why not), then installs keepalive and session and leaves. */
final class ClientHandshake extends ChannelInboundHandlerAdapter {
    private final TunnelSettings settings;
    private final byte[] token;
    private final SessionListener listener;
    private final Promise<TunnelSession> result;
    private ScheduledFuture<?> timeout;

    ClientHandshake(TunnelSettings settings, byte[] token, SessionListener listener, Promise<TunnelSession> result) {
        this.settings = settings;
        this.token = token;
        this.listener = listener;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(
                () -> fail(ctx, new IOException("no answer to HELLO within " + settings.handshakeTimeout().toMillis() + " ms")),
                settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        Hello hello = new Hello(TunnelSettings.PROTOCOL_VERSION, TunnelSettings.PROTOCOL_VERSION, token, settings.windows(),
                settings.selfId());
        ctx.writeAndFlush(hello.toFrame(ctx.alloc()), ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        try {
            switch (frame.type()) {
                case WELCOME -> accepted(ctx, Welcome.from(frame));
                case GOAWAY -> fail(ctx, new TunnelRefusedException(Reason.from(frame)));
                default -> throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "expected WELCOME, got " + frame.type());
            }
        } finally {
            frame.release();
        }
    }

    private void accepted(ChannelHandlerContext ctx, Welcome welcome) {
        if (welcome.version() != TunnelSettings.PROTOCOL_VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "the peer chose version " + welcome.version());
        }
        timeout.cancel(false);
        ((FrameDecoder) ctx.pipeline().get(TunnelPipeline.FRAME_DECODER)).maxPayload(FrameDecoder.MAX_PAYLOAD);
        KeepAlive keepAlive = settings.newKeepAlive();
        TunnelSession session = new TunnelSession(ctx.channel(), true, settings.windows(), welcome.windows(),
                welcome.serverId(), listener, keepAlive);
        ctx.pipeline()
                .addAfter(ctx.name(), TunnelPipeline.KEEPALIVE, keepAlive)
                .addAfter(TunnelPipeline.KEEPALIVE, TunnelPipeline.SESSION, session)
                .remove(this);
        if (result.trySuccess(session)) {
            listener.opened(session);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new IOException("the connection closed during the tunnel handshake"));
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        result.tryFailure(cause);
        ctx.close();
    }
}
