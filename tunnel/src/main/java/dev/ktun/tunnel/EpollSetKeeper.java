package dev.ktun.tunnel;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;

/**
 * Netty's epoll handler with one bug worked around: a socket that, for a moment, waits for nothing stays in the epoll
 * set.
 *
 * <p>Netty 4.2.18 removes a socket from the epoll set when its interest becomes empty, but keeps the registration
 * marked as added, so the next interest is submitted as a modification of a socket epoll no longer knows: epoll_ctl
 * fails with ENOENT. ktun meets that state on every half-closed stream: the peer's FIN has been read (EPOLLRDHUP
 * done), the stream is not reading (AUTO_READ off) and nothing waits to be written. When a reply then fills the
 * socket buffer, the write needs EPOLLOUT, the modification fails, and Netty shuts the output down, dropping every
 * queued byte: the caller receives a FIN in the middle of the reply ({@code BulkTransferTest} saw it about one run in
 * ten). Here an empty interest is submitted as edge-triggered nothing instead: the socket stays in the set, epoll
 * reports no readiness for it, and a hang-up or error is reported once rather than on every wait (the reason Netty
 * removes it).
 */
final class EpollSetKeeper implements IoHandler {

    private final IoHandler epoll;

    private EpollSetKeeper(IoHandler epoll) {
        this.epoll = epoll;
    }

    static IoHandlerFactory newFactory() {
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        return executor -> new EpollSetKeeper(epoll.newHandler(executor));
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return new KeptRegistration(epoll.register(handle));
    }

    @Override
    public void initialize() {
        epoll.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return epoll.run(context);
    }

    @Override
    public void prepareToDestroy() {
        epoll.prepareToDestroy();
    }

    @Override
    public void destroy() {
        epoll.destroy();
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return epoll.isCompatible(handleType);
    }

    private record KeptRegistration(IoRegistration registration) implements IoRegistration {
        @Override
        public long submit(IoOps ops) {
            return registration.submit(EpollIoOps.NONE.equals(ops) ? EpollIoOps.EPOLLET : ops);
        }

        @Override
        public <T> T attachment() {
            return registration.attachment();
        }

        @Override
        public boolean isValid() {
            return registration.isValid();
        }

        @Override
        public boolean cancel() {
            return registration.cancel();
        }
    }
}
