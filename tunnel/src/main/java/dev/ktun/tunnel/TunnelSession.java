package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated tunnel: its streams, its credit, its frames. The last handler of the tunnel pipeline; all its
 * state is touched only on the tunnel's event loop, and other threads hand it work through {@link #onLoop}.
 */
public final class TunnelSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelSession.class);
    private static final int MAX_STREAM_WINDOW = 4 * 1024 * 1024;
    private static final long MAX_CREDIT = Integer.MAX_VALUE;
    /** Bounds what one authenticated peer can make this side hold; far above what a developer's tunnel needs. */
    static final int MAX_STREAMS = 65_536;
    private static final long LEAVE_LOOK_MILLIS = 100;

    private final Channel channel;
    private final boolean dialler;
    private final Windows granted;
    private final Windows peerGrants;
    private final String peerId;
    private final SessionListener listener;
    private final KeepAlive keepAlive;
    private final IntObjectMap<TunnelStream> streams = new IntObjectHashMap<>();
    private final ReceiveWindow tunnelReceive;
    private final List<TunnelStream> unflushed = new ArrayList<>();
    private final Runnable flushTask = this::flushNow;
    private ArrayDeque<TunnelStream> parked = new ArrayDeque<>();
    private long tunnelSendCredit;
    private int nextStreamId;
    private int lastPeerStreamId;
    private boolean inRead;
    private boolean flushScheduled;
    private Reason closeReason;
    /** This side sent a leaving GOAWAY; it closes the tunnel once the peer acknowledged it and no stream is open. */
    private volatile boolean leaving;
    private boolean leaveAcknowledged;
    private ScheduledFuture<?> leaveLimit;
    private ScheduledFuture<?> leaveLooks;
    private volatile boolean peerLeaving;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile int streamCount;

    TunnelSession(Channel channel, boolean dialler, Windows granted, Windows peerGrants, String peerId,
                  SessionListener listener, KeepAlive keepAlive) {
        this.channel = channel;
        this.dialler = dialler;
        this.granted = granted;
        this.peerGrants = peerGrants;
        this.peerId = peerId;
        this.listener = listener;
        this.keepAlive = keepAlive;
        this.tunnelReceive = new ReceiveWindow(0, granted.tunnel(), granted.tunnel());
        this.tunnelSendCredit = peerGrants.tunnel();
        this.nextStreamId = dialler ? 1 : 2;
    }

    // --- API for the application: any thread ---

    /** Opens a stream toward {@code target} and binds it to {@code local}, a connected socket with AUTO_READ off. */
    public void open(StreamTarget target, Channel local) {
        onLoop(() -> {
            if (!channel.isActive() || leaving || peerLeaving) {
                local.close();
                return;
            }
            int id = nextStreamId;
            nextStreamId += 2;
            TunnelStream stream = newStream(id, target);
            channel.write(target.toFrame(channel.alloc(), id), channel.voidPromise());
            flushLater();
            stream.attach(local);
        });
    }

    /** Asks the proxy to deliver the connections of these route ports to this tunnel. */
    public void claim(List<Integer> ports) {
        onLoop(() -> {
            channel.writeAndFlush(Claim.request(channel.alloc(), ports), channel.voidPromise());
        });
    }

    /**
     * Leaves in order: the peer is told to open no more streams toward this side (a proxy sends new callers to the
     * origin from then on), the open streams finish, and the tunnel closes once the peer acknowledged and none is left,
     * or when {@code limit} ends, cutting what is still open then.
     */
    public void leave(String reason, Duration limit) {
        onLoop(() -> {
            if (leaving || closeReason != null || !channel.isActive()) {
                return;
            }
            leaving = true;
            closeReason = new Reason(ErrorCode.NORMAL, reason);
            channel.writeAndFlush(closeReason.toFrame(channel.alloc(), FrameType.GOAWAY, Frame.FLAG_LEAVE, 0), channel.voidPromise());
            leaveLimit = channel.eventLoop().schedule(this::leaveLimitReached, limit.toNanos(), TimeUnit.NANOSECONDS);
            leaveLooks = channel.eventLoop().scheduleAtFixedRate(this::finishQuietStreams, LEAVE_LOOK_MILLIS, LEAVE_LOOK_MILLIS,
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Kept-alive connections between exchanges would hold a leave until its limit: they are ended as idle. */
    private void finishQuietStreams() {
        for (TunnelStream stream : new ArrayList<>(streams.values())) {
            if (stream.quietBetweenExchanges()) {
                stream.finishQuietly();
            }
        }
    }

    private void leaveLimitReached() {
        if (channel.isActive()) {
            LOG.info("{}: {} stream(s) still open when the leave's limit ended; cutting them", this, streams.size());
            channel.close();
        }
    }

    private void closeIfLeft() {
        if (leaveAcknowledged && streams.isEmpty()) {
            channel.close();
        }
    }

    /** Ends the tunnel at once: the peer is told why, then the connection closes. */
    public void goAway(ErrorCode code, String reason) {
        onLoop(() -> {
            if (closeReason == null) {
                closeReason = new Reason(code, reason);
            }
            if (channel.isActive()) {
                channel.writeAndFlush(closeReason.toFrame(channel.alloc(), FrameType.GOAWAY, 0))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    public Channel channel() {
        return channel;
    }

    public String peerId() {
        return peerId;
    }

    public long rttNanos() {
        return keepAlive.rttNanos();
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public int streamCount() {
        return streamCount;
    }

    /** Whether the tunnel takes new streams: connected, and neither side leaving. */
    public boolean isOpen() {
        return channel.isActive() && !leaving && !peerLeaving;
    }

    @Override
    public String toString() {
        return "tunnel " + (peerId.isEmpty() ? "" : peerId + " ") + "(" + channel.remoteAddress() + ")";
    }

    // --- frames from the peer ---

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        inRead = true;
        try {
            dispatch(frame);
        } finally {
            frame.release();
        }
    }

    private void dispatch(Frame frame) {
        int id = frame.streamId();
        switch (frame.type()) {
            case DATA -> onData(id, frame.hasFlag(Frame.FLAG_FIN), frame.content().retain());
            case OPEN -> onOpen(frame);
            case WINDOW -> onWindow(id, frame.payload().getUnsignedInt(frame.payload().readerIndex()));
            case RESET -> {
                TunnelStream stream = streams.get(id);
                if (stream != null) {
                    stream.onReset(Reason.from(frame));
                }
            }
            case GOAWAY -> onGoAway(frame);
            case CLAIM -> onClaim(frame);
            case HELLO, WELCOME -> throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, frame.type() + " after the handshake");
            case PING -> {
                // answered by KeepAlive before it gets here
            }
        }
    }

    /** Hands the payload on to its stream, which then owns it; releases it on every other path. */
    private void onData(int id, boolean fin, ByteBuf payload) {
        int length = payload.readableBytes();
        bytesIn += length;
        TunnelStream stream = streams.get(id);
        try {
            tunnelReceive.received(length);
            if (stream == null) {
                checkWasOpened(id);
            }
        } catch (ProtocolException e) {
            payload.release();
            throw e;
        }
        if (stream == null) {
            payload.release();
            consumedByTunnel(length);
            return;
        }
        stream.onData(payload, fin);
    }

    private void onOpen(Frame frame) {
        int id = frame.streamId();
        boolean peerParity = (id % 2 == 1) != dialler;
        if (!peerParity || id <= lastPeerStreamId) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "OPEN of stream " + id + " breaks the id order");
        }
        lastPeerStreamId = id;
        if (leaveAcknowledged) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "OPEN of stream " + id + " after acknowledging the leave");
        }
        StreamTarget target = StreamTarget.from(frame);
        if (streams.size() >= MAX_STREAMS) {
            writeReset(id, new Reason(ErrorCode.INTERNAL, "this side holds its limit of " + MAX_STREAMS + " streams"));
            return;
        }
        listener.streamOpened(newStream(id, target));
    }

    private void onGoAway(Frame frame) {
        if (!frame.hasFlag(Frame.FLAG_LEAVE)) {
            closeReason = Reason.from(frame);
            LOG.info("{} ended by the peer: {}", this, closeReason);
            channel.close();
        } else if (frame.hasFlag(Frame.FLAG_ACK)) {
            if (!leaving) {
                throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "GOAWAY acknowledges a leave this side never began");
            }
            leaveAcknowledged = true;
            closeIfLeft();
        } else if (!peerLeaving) {
            peerLeaving = true;
            closeReason = Reason.from(frame);
            LOG.info("{} leaving: {}; its {} open stream(s) finish first", this, closeReason, streams.size());
            listener.peerLeaving(this, closeReason);
            // In order after every OPEN this side sent before: once the peer reads it, no stream can still arrive.
            channel.writeAndFlush(new Reason(ErrorCode.NORMAL, "no more streams from here").toFrame(channel.alloc(),
                    FrameType.GOAWAY, Frame.FLAG_LEAVE | Frame.FLAG_ACK, 0), channel.voidPromise());
        }
    }

    private void onWindow(int id, long increment) {
        if (id == 0) {
            tunnelSendCredit += increment;
            if (tunnelSendCredit > MAX_CREDIT) {
                throw new ProtocolException(ErrorCode.FLOW_CONTROL_ERROR, "tunnel credit overflow");
            }
            resumeParked();
            return;
        }
        TunnelStream stream = streams.get(id);
        if (stream != null) {
            stream.onWindow(increment);
        }
    }

    private void onClaim(Frame frame) {
        if (frame.hasFlag(Frame.FLAG_ACK)) {
            listener.claimAnswered(this, Claim.readAnswer(frame));
        } else if (dialler) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "CLAIM sent to the dialling side");
        } else {
            channel.write(Claim.answer(channel.alloc(), listener.claimRequested(this, Claim.readRequest(frame))),
                    channel.voidPromise());
        }
    }

    /** Late frames for a stream that ended are fine; frames for a stream that never existed are not. */
    private void checkWasOpened(int id) {
        boolean ours = (id % 2 == 1) == dialler;
        if (ours ? id >= nextStreamId : id > lastPeerStreamId) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "DATA on stream " + id + ", which was never opened");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        for (TunnelStream stream : unflushed) {
            stream.flushLocal();
        }
        unflushed.clear();
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resumeParked();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException e) {
            LOG.warn("{} broke the protocol, closing it: {}", this, e.getMessage());
            goAway(e.code(), e.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("{} lost: {}", this, cause.toString());
            closeReason = closeReason != null ? closeReason : new Reason(ErrorCode.NORMAL, "connection lost: " + cause.getMessage());
            ctx.close();
        } else {
            LOG.error("{} failed, closing it", this, cause);
            goAway(ErrorCode.INTERNAL, "internal error: " + cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeReason == null) {
            closeReason = new Reason(ErrorCode.NORMAL, "connection closed");
        }
        if (leaveLimit != null) {
            leaveLimit.cancel(false);
            leaveLooks.cancel(false);
        }
        List<TunnelStream> open = new ArrayList<>(streams.values());
        open.forEach(TunnelStream::tunnelGone);
        parked.clear();
        listener.closed(this, closeReason);
        ctx.fireChannelInactive();
    }

    // --- used by streams, on the loop ---

    void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    private TunnelStream newStream(int id, StreamTarget target) {
        int maxWindow = Math.min(MAX_STREAM_WINDOW, Math.max(granted.stream(), granted.tunnel() / 4));
        TunnelStream stream = new TunnelStream(this, id, target, peerGrants.stream(),
                new ReceiveWindow(id, granted.stream(), maxWindow));
        streams.put(id, stream);
        streamCount = streams.size();
        return stream;
    }

    void forget(TunnelStream stream) {
        streams.remove(stream.id());
        streamCount = streams.size();
        if (leaving) {
            closeIfLeft();
        }
    }

    long tunnelSendCredit() {
        return tunnelSendCredit;
    }

    boolean canSend() {
        return channel.isWritable() && tunnelSendCredit > 0;
    }

    void park(TunnelStream stream) {
        parked.add(stream);
    }

    private void resumeParked() {
        if (!canSend() || parked.isEmpty()) {
            return;
        }
        ArrayDeque<TunnelStream> batch = parked;
        parked = new ArrayDeque<>();
        for (TunnelStream stream; (stream = batch.poll()) != null; ) {
            stream.resume();
        }
    }

    void writeData(int id, ByteBuf payload, boolean fin) {
        int length = payload.readableBytes();
        tunnelSendCredit -= length;
        bytesOut += length;
        channel.write(new Frame(FrameType.DATA, fin ? Frame.FLAG_FIN : 0, id, payload), channel.voidPromise());
        flushLater();
    }

    void writeReset(int id, Reason reason) {
        channel.write(reason.toFrame(channel.alloc(), FrameType.RESET, id), channel.voidPromise());
        flushLater();
    }

    void consumed(TunnelStream stream, int delivered) {
        if (!channel.isActive()) {
            return;
        }
        int credit = stream.creditFor(delivered);
        if (credit > 0) {
            channel.write(window(stream.id(), credit), channel.voidPromise());
        }
        consumedByTunnel(delivered);
    }

    void consumedByTunnel(int delivered) {
        if (delivered == 0 || !channel.isActive()) {
            return;
        }
        int credit = tunnelReceive.consumed(delivered, rttNanos());
        if (credit > 0) {
            channel.write(window(0, credit), channel.voidPromise());
        }
        flushLater();
    }

    private Frame window(int id, int credit) {
        ByteBuf buf = channel.alloc().buffer(4);
        buf.writeInt(credit);
        return new Frame(FrameType.WINDOW, 0, id, buf);
    }

    /** Called once per read batch for a stream that wrote to its socket; the socket is flushed when the batch ends. */
    void flushAfterRead(TunnelStream stream) {
        if (inRead) {
            unflushed.add(stream);
        } else {
            stream.flushLocal();
        }
    }

    boolean inLoop() {
        return channel.eventLoop().inEventLoop();
    }

    /** Coalesces the flushes of everything written in one turn of the event loop into one. */
    private void flushLater() {
        if (!inRead && !flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        channel.flush();
    }

    boolean dialler() {
        return dialler;
    }

    String sideName() {
        return dialler ? "client" : "proxy";
    }

    Logger log() {
        return LOG;
    }
}
