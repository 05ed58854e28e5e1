package dev.ktun.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out one loopback address per name, 127.x.y.z, and never gives it to another name during the session: a
 * Service that vanishes and comes back gets its old address, so a client holding a cached answer is not sent to
 * somebody else's Service. Addresses ending in .0 or .255 are skipped (tools treat them as network/broadcast), and so
 * is 127.0.0.1, which belongs to the machine.
 */
public final class AddressBook {
    /** Away from 127.0.0.1, systemd-resolved's 127.0.0.53/54 and Debian's 127.0.1.1. */
    public static final String DEFAULT_FIRST = "127.241.1.1";
    private static final int LOOPBACK = 127;

    private final Map<String, Inet4Address> allocated = new HashMap<>();
    private int next;
    private final int last;

    /** Addresses from {@code first} up to the end of its 127.x.0.0/16. */
    public AddressBook(String first) {
        int value = toInt(parse(first));
        if ((value >>> 24) != LOOPBACK) {
            throw new IllegalArgumentException(first + " is not a loopback address (127.x.y.z)");
        }
        this.next = value;
        this.last = value | 0xffff;
    }

    public AddressBook() {
        this(DEFAULT_FIRST);
    }

    /** The address of {@code name} (lowercase FQDN), allocated on first use. */
    public synchronized Inet4Address addressOf(String name) {
        Inet4Address known = allocated.get(name);
        if (known != null) {
            return known;
        }
        while (next <= last && !usable(next)) {
            next++;
        }
        if (next > last) {
            throw new IllegalStateException("no loopback address left for " + name + ": " + allocated.size()
                    + " names already have one");
        }
        Inet4Address address = toAddress(next++);
        allocated.put(name, address);
        return address;
    }

    private static boolean usable(int value) {
        int low = value & 0xff;
        return low != 0 && low != 255 && value != 0x7f000001;
    }

    private static Inet4Address parse(String text) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Inet4Addresses.bytes(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text + " is not an IPv4 address", e);
        }
    }

    private static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static Inet4Address toAddress(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{(byte) (value >>> 24), (byte) (value >>> 16),
                    (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
