package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Where an OPEN goes. From the client: a host and port the proxy dials inside the cluster. From the proxy: an empty
 * host and the route port the client claimed; {@code from} names the caller for the developer's live log.
 */
public record StreamTarget(String host, int port, String from) {

    public static StreamTarget dial(String host, int port) {
        return new StreamTarget(host, port, "");
    }

    public static StreamTarget claimedRoute(int port, String from) {
        return new StreamTarget("", port, from);
    }

    public boolean isClaimedRoute() {
        return host.isEmpty();
    }

    Frame toFrame(ByteBufAllocator alloc, int streamId) {
        byte[] hostBytes = Wire.clip(host);
        byte[] fromBytes = Wire.clip(from);
        ByteBuf buf = alloc.buffer(2 + 2 + hostBytes.length + 2 + fromBytes.length);
        buf.writeShort(port);
        buf.writeShort(hostBytes.length).writeBytes(hostBytes);
        buf.writeShort(fromBytes.length).writeBytes(fromBytes);
        return new Frame(FrameType.OPEN, 0, streamId, buf);
    }

    static StreamTarget from(Frame frame) {
        PayloadReader in = new PayloadReader("OPEN", frame.payload().duplicate());
        int port = in.u16();
        String host = in.utf8(in.u16());
        String from = in.utf8(in.u16());
        in.end();
        return new StreamTarget(host, port, from);
    }

    @Override
    public String toString() {
        return isClaimedRoute() ? "route port " + port : host + ":" + port;
    }
}
