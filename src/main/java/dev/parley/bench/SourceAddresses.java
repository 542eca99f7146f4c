package dev.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local addresses the bench's connections come from ({@code --source-addresses}), taken in turn: connection
 * <i>i</i> is bound to address <i>i</i> mod <i>n</i>, port 0: the kernel picks a free one of
 * {@code net.ipv4.ip_local_port_range} (about 28,000 ports), quickly only from the first half ({@link #fastPorts}), so
 * more than about 14,000 connections need several source addresses. On Linux every address of 127.0.0.0/8 is on the
 * loopback interface. None: the kernel picks the source (127.0.0.1 towards 127.0.0.1) and its port at connect.
 *
 * @param addresses in the order they are taken; empty: no binding
 */
record SourceAddresses(List<InetAddress> addresses) {
    static final SourceAddresses NONE = new SourceAddresses(List.of());
    /** The longest list a range may stand for. */
    static final int MAX_ADDRESSES = 4096;
    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    SourceAddresses {
        addresses = List.copyOf(addresses);
    }

    /**
     * {@code 127.0.1.1-127.0.1.20} (an IPv4 range, both ends included), a comma-separated list of addresses and
     * ranges, or null/empty for none.
     *
     * @throws IllegalArgumentException on anything else, with what is wrong
     */
    static SourceAddresses parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<InetAddress> all = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] ends = item.trim().split("-", -1);
            if (ends.length == 1) {
                all.add(address(ends[0]));
            } else if (ends.length == 2) {
                long first = ipv4(ends[0]);
                long last = ipv4(ends[1]);
                if (last < first || last - first + 1 + all.size() > MAX_ADDRESSES) {
                    throw new IllegalArgumentException("'" + item.trim() + "' is not a range of 1 to "
                            + MAX_ADDRESSES + " IPv4 addresses, low to high");
                }
                for (long a = first; a <= last; a++) {
                    all.add(address(a));
                }
            } else {
                throw new IllegalArgumentException("'" + item.trim() + "' is neither an address nor a range A-B");
            }
        }
        if (all.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("more than " + MAX_ADDRESSES + " source addresses");
        }
        return new SourceAddresses(all);
    }

    boolean any() {
        return !addresses.isEmpty();
    }

    /** Binds connection {@code i}'s channel to its address, if any is given; closes it if that fails. */
    void bind(SocketChannel ch, long i) throws IOException {
        if (!any()) {
            return;
        }
        InetSocketAddress from = forConnection(i);
        try {
            ch.bind(from);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind a connection to " + from.getAddress().getHostAddress()
                    + " (--source-addresses): " + e.getMessage(), e);
        }
    }

    /** How many there are; 1 when none is given (the kernel's choice is one address). */
    int count() {
        return Math.max(1, addresses.size());
    }

    /** Where connection {@code i} is bound (port 0). Only when {@link #any()}. */
    InetSocketAddress forConnection(long i) {
        return new InetSocketAddress(addresses.get((int) (i % addresses.size())), 0);
    }

    /**
     * How many connections one source address takes before binding slows down, or -1 if unknown: half the ephemeral
     * port range. Linux hands out the odd ports of {@code net.ipv4.ip_local_port_range} to {@code bind} (the even ones
     * are kept for {@code connect}); once those are taken, each bind scans the whole range (measured here: 0.01 ms a
     * bind for the first 14,000 of 28,232 ports, 6.6 ms after), so the connections would open at about 150 a second.
     */
    static int fastPorts() {
        // One read with room for the whole line: a sysctl file answers a read at an offset past 0 with nothing
        // (Files.readString reads one byte first, and gets "3").
        try (InputStream in = Files.newInputStream(PORT_RANGE)) {
            String[] range = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim().split("\\s+");
            return (Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1) / 2;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static InetAddress address(String text) {
        String t = text.trim();
        if (t.isEmpty() || !t.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + t + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(t); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + t + "' is not an IP address");
        }
    }

    private static long ipv4(String text) {
        if (!(address(text) instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("a range takes IPv4 addresses, not '" + text.trim() + "'");
        }
        long value = 0;
        for (byte b : v4.getAddress()) {
            value = value << 8 | (b & 0xff);
        }
        return value;
    }

    private static InetAddress address(long ipv4) {
        byte[] b = {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
