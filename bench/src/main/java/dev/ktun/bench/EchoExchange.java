package dev.ktun.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** One request written whole and its echo read whole, on a blocking channel: the unit of T3, T5 and T6. */
final class EchoExchange {
    private EchoExchange() {
    }

    static void roundTrip(SocketChannel ch, ByteBuffer request, ByteBuffer response) throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            ch.write(request);
        }
        response.clear();
        while (response.hasRemaining()) {
            if (ch.read(response) < 0) {
                throw new IOException("the echo server closed the connection before the whole answer");
            }
        }
    }
}
