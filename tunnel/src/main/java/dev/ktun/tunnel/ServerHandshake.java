package dev.ktun.tunnel;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side's wall. The first frame must be a HELLO with an accepted token, within the handshake timeout;
 * anything else gets a GOAWAY and the connection is closed, before any stream can exist. On success it answers
 * WELCOME, installs keepalive and session, raises the frame size limit, and removes itself.
 */
final class ServerHandshake extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandshake.class);

    private final TunnelSettings settings;
    private final TokenCheck tokens;
    private final SessionListener listener;
    private ScheduledFuture<?> timeout;
    private boolean done;

    ServerHandshake(TunnelSettings settings, TokenCheck tokens, SessionListener listener) {
        this.settings = settings;
        this.tokens = tokens;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(
                () -> refuse(ctx, new Reason(ErrorCode.TIMEOUT, "no HELLO within " + settings.handshakeTimeout().toMillis() + " ms")),
                settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Frame frame = (Frame) msg;
        try {
            if (frame.type() != FrameType.HELLO) {
                refuse(ctx, new Reason(ErrorCode.PROTOCOL_ERROR, "expected HELLO, got " + frame.type()));
                return;
            }
            Hello hello = Hello.from(frame);
            if (hello.minVersion() > TunnelSettings.PROTOCOL_VERSION || hello.maxVersion() < TunnelSettings.PROTOCOL_VERSION) {
                refuse(ctx, new Reason(ErrorCode.UNSUPPORTED_VERSION, "protocol versions " + hello.minVersion() + ".."
                        + hello.maxVersion() + " requested, this side speaks " + TunnelSettings.PROTOCOL_VERSION));
                return;
            }
            if (!tokens.accepts(hello.token())) {
                refuse(ctx, new Reason(ErrorCode.AUTH_FAILED, "the tunnel token was not accepted"));
                return;
            }
            accept(ctx, hello);
        } finally {
            frame.release();
        }
    }

    private void accept(ChannelHandlerContext ctx, Hello hello) {
        done = true;
        timeout.cancel(false);
        ((FrameDecoder) ctx.pipeline().get(TunnelPipeline.FRAME_DECODER)).maxPayload(FrameDecoder.MAX_PAYLOAD);
        ctx.writeAndFlush(new Welcome(TunnelSettings.PROTOCOL_VERSION, settings.windows(), settings.selfId())
                .toFrame(ctx.alloc()), ctx.voidPromise());
        KeepAlive keepAlive = settings.newKeepAlive();
        TunnelSession session = new TunnelSession(ctx.channel(), false, settings.windows(), hello.windows(),
                hello.clientId(), listener, keepAlive);
        ctx.pipeline()
                .addAfter(ctx.name(), TunnelPipeline.KEEPALIVE, keepAlive)
                .addAfter(TunnelPipeline.KEEPALIVE, TunnelPipeline.SESSION, session)
                .remove(this);
        LOG.info("{} connected", session);
        listener.opened(session);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException e) {
            refuse(ctx, new Reason(e.code(), e.getMessage()));
        } else {
            LOG.debug("handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeout.cancel(false);
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, Reason reason) {
        if (done) {
            return;
        }
        done = true;
        timeout.cancel(false);
        LOG.warn("refused a tunnel from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(reason.toFrame(ctx.alloc(), FrameType.GOAWAY, 0)).addListener(ChannelFutureListener.CLOSE);
    }
}
