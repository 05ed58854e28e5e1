package dev.ktun.tunnel;

import io.netty.handler.codec.CorruptedFrameException;

/** The peer broke the protocol. The tunnel that saw it is closed with this reason; the process goes on. */
public final class ProtocolException extends CorruptedFrameException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
