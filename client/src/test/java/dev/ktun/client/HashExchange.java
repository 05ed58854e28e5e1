package dev.ktun.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * A two-way integrity exchange. The caller sends N seeded-random bytes and half-closes; the backend, at the end of
 * its input, answers with the SHA-256 of what it received, then M seeded-random bytes of its own, then closes.
 * Each side checks the other's bytes by hash, so nothing lost, reordered or corrupted goes unnoticed, and the
 * caller's half-close must not cut the response.
 */
final class HashExchange {
    private static final int CHUNK = 64 * 1024;

    private HashExchange() {
    }

    /** The backend's side: hash everything until EOF, reply with the hash and then {@code replyBytes} bytes. */
    static TestServer.Handler backend(long replyBytes, long seed) {
        return socket -> {
            MessageDigest received = sha256();
            // Not closed: closing a socket's stream closes the socket, and the reply is still to come.
            new DigestInputStream(socket.getInputStream(), received).transferTo(OutputStream.nullOutputStream());
            OutputStream out = socket.getOutputStream();
            out.write(received.digest());
            writeRandom(out, replyBytes, seed);
            socket.shutdownOutput();
        };
    }

    /** The caller's side: returns normally only when both directions arrived intact. */
    static void call(Socket socket, long sendBytes, long sendSeed, long replyBytes, long replySeed) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                writeRandom(socket.getOutputStream(), sendBytes, sendSeed);
                socket.shutdownOutput();
            } catch (IOException e) {
                // the read side below fails with the consequence
            }
        }, "hash-exchange-writer");
        writer.start();
        InputStream in = socket.getInputStream();
        byte[] theirHashOfOurs = Wire.readExactly(in, 32);
        MessageDigest reply = sha256();
        long replied = new DigestInputStream(in, reply).transferTo(OutputStream.nullOutputStream());
        writer.join(10_000);
        if (!MessageDigest.isEqual(theirHashOfOurs, hashOfRandom(sendBytes, sendSeed))) {
            throw new AssertionError("the backend received different bytes than the caller sent");
        }
        if (replied != replyBytes) {
            throw new AssertionError("the caller received " + replied + " of " + replyBytes + " reply bytes");
        }
        if (!MessageDigest.isEqual(reply.digest(), hashOfRandom(replyBytes, replySeed))) {
            throw new AssertionError("the caller received different bytes than the backend sent");
        }
    }

    private static void writeRandom(OutputStream out, long length, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        for (long left = length; left > 0; left -= CHUNK) {
            random.nextBytes(chunk);
            out.write(chunk, 0, (int) Math.min(CHUNK, left));
        }
        out.flush();
    }

    private static byte[] hashOfRandom(long length, long seed) {
        MessageDigest digest = sha256();
        Random random = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        for (long left = length; left > 0; left -= CHUNK) {
            random.nextBytes(chunk);
            digest.update(chunk, 0, (int) Math.min(CHUNK, left));
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
