package dev.ktun.tunnel;

import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tunnel peer on a plain blocking socket, for saying what no well-behaved ktun side would: it sends whatever bytes
 * it is given and reads the answer frame by frame. Every read is bounded in time.
 */
final class RawPeer implements AutoCloseable {
    /** A frame the other side sent, copied off the wire. */
    record Received(FrameType type, int flags, int streamId, byte[] payload) {
        Reason reason() {
            return Reason.from(new Frame(type, flags, streamId, Unpooled.wrappedBuffer(payload)));
        }

        @Override
        public String toString() {
            return type == FrameType.GOAWAY || type == FrameType.RESET ? type + " " + reason() : type + "(stream=" + streamId + ")";
        }
    }

    /** Everything read until the other side closed, and how long that took from the call. */
    record UntilClosed(List<Received> frames, Duration took) {
        Received last() {
            return frames.isEmpty() ? null : frames.get(frames.size() - 1);
        }
    }

    private final Socket socket = new Socket();
    private final DataInputStream in;

    RawPeer(InetSocketAddress address) throws IOException {
        socket.connect(address, 2000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
    }

    RawPeer send(byte[]... parts) throws IOException {
        for (byte[] part : parts) {
            socket.getOutputStream().write(part);
        }
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends a HELLO with this token and reads the WELCOME. */
    RawPeer authenticate(byte[] token) throws IOException {
        send(FrameBytes.encode(FrameBytes.hello(token, Windows.defaults())));
        Received first = read();
        if (first == null || first.type() != FrameType.WELCOME) {
            throw new AssertionError("expected WELCOME, got " + first);
        }
        return this;
    }

    /** The next frame, or null when the other side closed. */
    Received read() throws IOException {
        byte[] header = new byte[Frame.HEADER_LENGTH];
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            header[0] = (byte) first;
            in.readFully(header, 1, header.length - 1);
            int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            int streamId = (header[5] & 0xff) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | header[8] & 0xff;
            return new Received(FrameType.ofCode(header[3] & 0xff), header[4] & 0xff, streamId, payload);
        } catch (EOFException e) {
            throw new AssertionError("the connection closed in the middle of a frame", e);
        } catch (SocketException e) {
            // A close with unread input on the other side arrives as a reset: still a close.
            return null;
        }
    }

    /** Reads frames until the other side closes; fails if it has not closed within {@code limit}. */
    UntilClosed readUntilClosed(Duration limit) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Received> frames = new ArrayList<>();
        try {
            for (Received frame; ; frames.add(frame)) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) left);
                frame = read();
                if (frame == null) {
                    return new UntilClosed(frames, Duration.ofNanos(System.nanoTime() - start));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + limit.toMillis() + " ms; received " + frames, e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
