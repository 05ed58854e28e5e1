package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The route ports a client asks the proxy to deliver to it, and the proxy's answer for each. */
public final class Claim {
    /** What the proxy said of one claimed port. */
    public enum Status {
        GRANTED,
        /** The proxy has no route listening on that port. */
        NO_SUCH_ROUTE;

        static Status ofCode(int code) {
            return code < values().length ? values()[code] : NO_SUCH_ROUTE;
        }
    }

    private Claim() {
    }

    static Frame request(ByteBufAllocator alloc, List<Integer> ports) {
        ByteBuf buf = alloc.buffer(2 + 2 * ports.size());
        buf.writeShort(ports.size());
        ports.forEach(buf::writeShort);
        return new Frame(FrameType.CLAIM, 0, 0, buf);
    }

    static Frame answer(ByteBufAllocator alloc, Map<Integer, Status> result) {
        ByteBuf buf = alloc.buffer(2 + 3 * result.size());
        buf.writeShort(result.size());
        result.forEach((port, status) -> buf.writeShort(port).writeByte(status.ordinal()));
        return new Frame(FrameType.CLAIM, Frame.FLAG_ACK, 0, buf);
    }

    static List<Integer> readRequest(Frame frame) {
        PayloadReader in = new PayloadReader("CLAIM", frame.payload().duplicate());
        int count = in.u16();
        List<Integer> ports = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            ports.add(in.u16());
        }
        in.end();
        return ports;
    }

    static Map<Integer, Status> readAnswer(Frame frame) {
        PayloadReader in = new PayloadReader("CLAIM answer", frame.payload().duplicate());
        int count = in.u16();
        Map<Integer, Status> result = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            result.put(in.u16(), Status.ofCode(in.u8()));
        }
        in.end();
        return result;
    }
}
