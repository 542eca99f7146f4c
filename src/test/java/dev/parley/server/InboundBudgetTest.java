package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.parley.session.Limits;
import dev.parley.session.MemoryBudget;
import dev.parley.wire.Bytes;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;

/**
 * What the wire guard charges the inbound budget for one connection (sans I/O: the connection's state fed encoded
 * client frames as reads): Tyrus's frame buffer, kept at the size of the largest frame plus a read piece, and the
 * fragments of a message not yet finished.
 */
class InboundBudgetTest {
    private static final FrameEncoder CLIENT = FrameEncoder.client(MaskKeys.secure());
    private static final Limits LIMITS = Limits.DEFAULTS;
    private static final int PIECE = Limits.READ_PIECE_BYTES;
    private static final int MIB = 1 << 20;

    private final MemoryBudget inbound = new MemoryBudget("inbound", 4L * MIB);
    private final MemoryBudget outbound = new MemoryBudget("outbound", 4L * MIB);

    @Test
    void anUnfinishedMaximumSizeFrameIsChargedAsItArrivesAndItsBufferStaysChargedOnceFinished() {
        GuardedConnection connection = connection();
        byte[] frame = CLIENT.encode(Frame.binary(Bytes.of(new byte[MIB])));
        int sent = 0;
        while (sent < frame.length - 1) {
            int n = Math.min(PIECE, frame.length - 1 - sent);
            assertTrue(read(connection, Arrays.copyOfRange(frame, sent, sent + n)), "within the budget at " + sent);
            sent += n;
            assertEquals(Math.min(LIMITS.frameBufferBytes(), PIECE + sent), connection.inbound.held());
        }
        assertTrue(read(connection, new byte[] {frame[frame.length - 1]}), "the last byte finishes the message");
        assertEquals(LIMITS.frameBufferBytes(), connection.inbound.held(),
                "Tyrus keeps a frame buffer of the largest frame for the life of the connection");
        connection.inbound.close();
        assertEquals(0, inbound.used(), "given back when the connection closes");
    }

    @Test
    void theReadThatWouldPassTheBudgetIsRefusedAndSmallMessagesStillFit() {
        GuardedConnection[] holders = {connection(), connection(), connection(), connection()};
        byte[] allButLast = Arrays.copyOf(CLIENT.encode(Frame.binary(Bytes.of(new byte[MIB]))), MIB);
        int refusedAt = -1;
        for (int i = 0; i < holders.length && refusedAt < 0; i++) {
            for (int sent = 0; sent < allButLast.length; sent += PIECE) {
                if (!read(holders[i], Arrays.copyOfRange(allButLast, sent, Math.min(sent + PIECE, allButLast.length)))) {
                    refusedAt = i;
                    break;
                }
            }
        }
        assertEquals(3, refusedAt, "three unfinished 1 MiB messages fit a 4 MiB budget, the fourth does not");
        assertTrue(inbound.used() <= inbound.capacity());
        GuardedConnection chatter = connection();
        assertTrue(read(chatter, CLIENT.encode(Frame.text("hello"))), "a small message is within the allowance");
    }

    @Test
    void fragmentsAreChargedUntilTheMessageEnds() {
        GuardedConnection connection = connection();
        int fragment = 100_000;
        byte[] first = CLIENT.encode(Frame.of(dev.parley.wire.Opcode.BINARY, false, Bytes.of(new byte[fragment])));
        byte[] middle = CLIENT.encode(Frame.continuation(Bytes.of(new byte[fragment]), false));
        byte[] last = CLIENT.encode(Frame.continuation(Bytes.of(new byte[fragment]), true));
        assertTrue(read(connection, first));
        long buffer = PIECE + first.length;
        assertEquals(buffer + fragment, connection.inbound.held());
        assertTrue(read(connection, middle));
        assertEquals(buffer + 2L * fragment, connection.inbound.held());
        assertTrue(read(connection, last));
        assertEquals(buffer, connection.inbound.held(), "the assembled message is delivered: only the buffer stays");
    }

    private GuardedConnection connection() {
        AddressBudgets.Budget address = new AddressBudgets(LIMITS.addressFrames())
                .join(InetAddress.getLoopbackAddress(), System.nanoTime());
        return new GuardedConnection("test", LIMITS, address, inbound, outbound, System.nanoTime());
    }

    /** Checks one read as the guard does and charges what Tyrus then holds; false if the budget refuses it. */
    private static boolean read(GuardedConnection connection, byte[] bytes) {
        assertNull(connection.check.check(ByteBuffer.wrap(bytes)), "valid frames");
        return connection.inbound.resize(connection.heldByTyrus(bytes.length, LIMITS.frameBufferBytes()));
    }
}
