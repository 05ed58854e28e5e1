package dev.ktun.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Dotted-quad text to addresses without a name lookup (InetAddress.getByName would ask DNS for anything else). */
public final class Inet4Addresses {
    private Inet4Addresses() {
    }

    public static byte[] bytes(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value;
            try {
                value = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address", e);
            }
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    public static Inet4Address of(String dotted) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes(dotted));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
