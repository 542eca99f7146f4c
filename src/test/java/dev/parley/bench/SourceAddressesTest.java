package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code --source-addresses}: ranges and lists, taken in turn. */
class SourceAddressesTest {

    private static String host(SourceAddresses s, long i) {
        return s.forConnection(i).getAddress().getHostAddress();
    }

    @Test
    void aRangeIncludesBothEndsAndCrossesOctets() {
        SourceAddresses s = SourceAddresses.parse("127.0.1.254-127.0.2.1");
        assertEquals(4, s.count());
        assertEquals(List.of("127.0.1.254", "127.0.1.255", "127.0.2.0", "127.0.2.1"),
                s.addresses().stream().map(InetAddress::getHostAddress).toList());
    }

    @Test
    void connectionsTakeTheAddressesInTurnOnPortZero() {
        SourceAddresses s = SourceAddresses.parse("127.0.1.1-127.0.1.2, 127.0.3.3");
        assertEquals(List.of("127.0.1.1", "127.0.1.2", "127.0.3.3", "127.0.1.1"),
                List.of(host(s, 0), host(s, 1), host(s, 2), host(s, 3)));
        assertEquals(0, s.forConnection(7).getPort(), "the kernel picks the port");
    }

    @Test
    void aChannelIsBoundToItsTurnsAddressAndAFailureNamesIt() throws Exception {
        SourceAddresses s = SourceAddresses.parse("127.0.9.3-127.0.9.4");
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open()) {
            s.bind(ch, 1);
            assertEquals("127.0.9.4", ((java.net.InetSocketAddress) ch.getLocalAddress()).getAddress().getHostAddress());
        }
        // 192.0.2.1 (TEST-NET-1) is no address of this machine
        java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> SourceAddresses.parse("192.0.2.1").bind(ch, 0));
        assertTrue(e.getMessage().startsWith("cannot bind a connection to 192.0.2.1 (--source-addresses): "),
                e.getMessage());
        assertFalse(ch.isOpen(), "closed");
    }

    @Test
    void noneMeansTheKernelsChoice() {
        assertFalse(SourceAddresses.parse(null).any());
        assertFalse(SourceAddresses.parse(" ").any());
        assertEquals(1, SourceAddresses.NONE.count());
        assertTrue(SourceAddresses.parse("::1").any());
    }

    @Test
    void theFastHalfOfThePortRangeIsReadFromProc() throws Exception {
        java.nio.file.Path range = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(range), "Linux");
        // as a shell reads it: whole, in one go (cat)
        Process cat = new ProcessBuilder("cat", range.toString()).start();
        String[] ends = new String(cat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                .trim().split("\\s+");
        assertEquals((Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1) / 2, SourceAddresses.fastPorts());
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.1.9-127.0.1.1"))
                .getMessage().contains("low to high"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("localhost"))
                .getMessage().contains("not an IP address"), "no name look-ups");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.0.1-::1"))
                .getMessage().contains("IPv4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("10.0.0.0-10.1.0.0"))
                .getMessage().contains("4096"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("1.1.1.1-2-3"))
                .getMessage().contains("neither"));
    }
}
