package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.function.IntConsumer;

/**
 * The peer's bytes on their way into a stream's socket, and how many of them the socket has taken: credit goes back
 * to the peer only for those. Used on the tunnel's event loop.
 *
 * <p>Writes complete in order, so one promise per flushed batch tells when the whole batch is in the socket: the
 * batch's last write carries it (it is held back until the flush), the others go without one, and this one listener
 * settles the batches oldest first. That saves a promise and two listeners per message on the data path whenever
 * several messages go out in one flush, and a listener object per message always.
 */
final class SocketWrites implements ChannelFutureListener {
    private final Channel socket;
    private final EventLoop tunnelLoop;
    private final IntConsumer delivered;
    private final IntConsumer failed;
    private final IntQueue flushedBatches = new IntQueue();
    private ByteBuf held;
    private int batchBytes;
    private long unsettled;
    private boolean abandoned;

    /**
     * @param delivered told of bytes the socket took, on the tunnel's loop
     * @param failed told of bytes the socket will never take (its stream ends with it), on the tunnel's loop
     */
    SocketWrites(Channel socket, EventLoop tunnelLoop, IntConsumer delivered, IntConsumer failed) {
        this.socket = socket;
        this.tunnelLoop = tunnelLoop;
        this.delivered = delivered;
        this.failed = failed;
    }

    void write(ByteBuf buf) {
        if (held != null) {
            socket.write(held, socket.voidPromise());
        }
        held = buf;
        batchBytes += buf.readableBytes();
        unsettled += buf.readableBytes();
    }

    /** Sends the batch; anything written to the socket after this (a half-close, say) comes after all of it. */
    void flush() {
        if (held != null) {
            flushedBatches.add(batchBytes);
            batchBytes = 0;
            socket.write(held).addListener(this);
            held = null;
        }
        socket.flush();
    }

    /** Whether the socket has taken every byte written to it so far (held bytes count as unsettled). */
    boolean settled() {
        return unsettled == 0;
    }

    /** The stream ended: returns the bytes written but never settled, and settles nothing from now on. */
    long abandon() {
        abandoned = true;
        if (held != null) {
            held.release();
            held = null;
        }
        long left = unsettled;
        unsettled = 0;
        return left;
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        boolean success = future.isSuccess();
        if (tunnelLoop.inEventLoop()) {
            settleOldest(success);
        } else {
            tunnelLoop.execute(() -> settleOldest(success));
        }
    }

    private void settleOldest(boolean success) {
        int bytes = flushedBatches.poll();
        if (abandoned) {
            return;
        }
        unsettled -= bytes;
        // A failed batch means the socket is gone and its stream with it; the tunnel gets the credit back all the same.
        (success ? delivered : failed).accept(bytes);
    }
}
