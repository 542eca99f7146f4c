package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import dev.parley.session.MemoryBudget;

/** Binary attachments gathered after their BINARY_EVENT or BINARY_ACK ("+ binary attachments extracted"). */
class PacketAssemblerTest {
    private final PacketAssembler assembler = new PacketAssembler();

    @Test
    void textPacketsPassThrough() {
        Received event = assembler.text("2[\"message\",1,\"2\",{\"3\":[true]}]");
        assertEquals(PacketType.EVENT, event.type());
        assertEquals("message", event.event());
        assertEquals(List.of(SocketIoJson.parse("1"), SocketIoJson.string("2"), SocketIoJson.parse("{\"3\":[true]}")),
                event.args());
        Received connect = assembler.text("0/custom,{\"token\":\"abc\"}");
        assertEquals(SocketIoJson.parse("{\"token\":\"abc\"}"), connect.data());
        assertEquals("/custom", connect.nsp());
    }

    @Test
    void twoAttachmentsYieldTheEventWithBytesInPlace() {
        // The suite's "should send a packet with binary attachments".
        assertNull(assembler.text("52-[\"message\",{\"_placeholder\":true,\"num\":0},"
                + "{\"_placeholder\":true,\"num\":1}]"));
        assertTrue(assembler.waiting());
        assertNull(assembler.binary(new byte[] {1, 2, 3}));
        Received event = assembler.binary(new byte[] {4, 5, 6});
        assertFalse(assembler.waiting());
        assertEquals(PacketType.BINARY_EVENT, event.type());
        assertEquals("message", event.event());
        assertEquals(2, event.args().size());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) event.args().get(0));
        assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) event.args().get(1));
        // ... and the next packet is read afresh.
        assertEquals("x", assembler.text("2[\"x\"]").event());
    }

    @Test
    void placeholdersInAnyOrderAndWithAnAckId() {
        assertNull(assembler.text("52-789[\"m\",{\"_placeholder\":true,\"num\":1},\"t\","
                + "{\"_placeholder\":true,\"num\":0}]"));
        assembler.binary(new byte[] {0});
        Received event = assembler.binary(new byte[] {1});
        assertEquals(789, event.id());
        assertArrayEquals(new byte[] {1}, (byte[]) event.args().get(0));
        assertEquals(SocketIoJson.string("t"), event.args().get(1));
        assertArrayEquals(new byte[] {0}, (byte[]) event.args().get(2));
    }

    @Test
    void binaryAckKeepsAllItsArguments() {
        assertNull(assembler.text("61-/admin,15[\"bar\",{\"_placeholder\":true,\"num\":0}]"));
        Received ack = assembler.binary(new byte[] {1, 2, 3, 4});
        assertEquals(PacketType.BINARY_ACK, ack.type());
        assertEquals("/admin", ack.nsp());
        assertEquals(15, ack.id());
        assertEquals(SocketIoJson.string("bar"), ack.args().get(0));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) ack.args().get(1));
        assertNull(ack.event());
    }

    @Test
    void zeroAttachmentsIsWholeAtOnce() {
        assertEquals("x", assembler.text("50-[\"x\",1]").event());
    }

    @Test
    void aPlaceholderInAPlainEventIsAnObject() {
        Received event = assembler.text("2[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertTrue(event.args().get(0) instanceof JsonValue);
    }

    @Test
    void textWhileAttachmentsAreDueIsAViolation() {
        // The reference decoder: "got plaintext data when reconstructing a packet".
        assembler.text("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assembler.binary(new byte[] {1});
        assertEquals("text while 1 attachments were due",
                assertThrows(PacketViolation.class, () -> assembler.text("2[\"x\"]")).reason());
    }

    @Test
    void binaryWithoutABinaryPacketIsAViolation() {
        assertEquals("binary data when no attachment was due",
                assertThrows(PacketViolation.class, () -> assembler.binary(new byte[] {1})).reason());
    }

    @Test
    void aPlaceholderForAMissingAttachmentIsAViolation() {
        assembler.text("51-[\"m\",{\"_placeholder\":true,\"num\":1}]");
        assertEquals("placeholder for a missing attachment",
                assertThrows(PacketViolation.class, () -> assembler.binary(new byte[] {1})).reason());
        assembler.text("51-[\"m\",{\"_placeholder\":true,\"num\":-1}]");
        assertThrows(PacketViolation.class, () -> assembler.binary(new byte[] {1}));
        assembler.text("51-[\"m\",{\"_placeholder\":true,\"num\":\"0\"}]");
        assertThrows(PacketViolation.class, () -> assembler.binary(new byte[] {1}));
    }

    @Test
    void encodeThenAssembleGivesTheArgumentsBack() {
        PacketWriter.Outgoing out = PacketWriter.event("/chat", 3, "file", List.of("name", new byte[] {9, 8},
                new byte[0]));
        assertNull(assembler.text(out.text()));
        assertNull(assembler.binary(out.attachments().get(0)));
        Received back = assembler.binary(out.attachments().get(1));
        assertEquals("file", back.event());
        assertEquals(3, back.id());
        assertArrayEquals(new byte[] {9, 8}, (byte[]) back.args().get(1));
        assertArrayEquals(new byte[0], (byte[]) back.args().get(2));
    }

    @Test
    void whatWaitsForItsAttachmentsIsChargedAndGivenBackWhenThePacketIsWhole() {
        MemoryBudget budget = new MemoryBudget("inbound", 64 * 1024);
        PacketAssembler charged = new PacketAssembler(budget.share());
        String header = "53-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                + "{\"_placeholder\":true,\"num\":2}]";
        assertNull(charged.text(header));
        assertNull(charged.binary(new byte[10_000]));
        assertNull(charged.binary(new byte[20_000]));
        assertEquals(2L * header.length() + 30_000 - MemoryBudget.ALLOWANCE_BYTES, budget.used());
        Received whole = charged.binary(new byte[40_000]); // the last one completes it: never held
        assertEquals(3, whole.args().size());
        assertEquals(0, budget.used());
    }

    @Test
    void anAttachmentTheBudgetHasNoRoomForIsRefused() {
        MemoryBudget budget = new MemoryBudget("inbound", 16 * 1024);
        PacketAssembler charged = new PacketAssembler(budget.share());
        charged.text("53-[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                + "{\"_placeholder\":true,\"num\":2}]");
        assertNull(charged.binary(new byte[16 * 1024]));
        PacketAssembler.OverBudget over = assertThrows(PacketAssembler.OverBudget.class,
                () -> charged.binary(new byte[8 * 1024]));
        assertEquals(8 * 1024, over.bytes());
        assertEquals(1, budget.refusals());
        charged.clear(); // the connection closes
        assertEquals(0, budget.used());
        assertFalse(charged.waiting());
    }

    @Test
    void aHeaderTheBudgetHasNoRoomForIsRefused() {
        MemoryBudget budget = new MemoryBudget("inbound", 1024);
        PacketAssembler charged = new PacketAssembler(budget.share());
        String header = "51-[\"" + "x".repeat(3000) + "\",{\"_placeholder\":true,\"num\":0}]";
        assertThrows(PacketAssembler.OverBudget.class, () -> charged.text(header));
        assertFalse(charged.waiting(), "nothing kept");
        assertEquals(0, budget.used());
    }

    @Test
    void theArgumentsAreAnImmutableListReceivedKeepsAsItIs() {
        for (Received received : List.of(assembler.text("2[\"m\",1,\"x\"]"), assembler.text("31[1,2]"))) {
            List<Object> args = received.args();
            assertSame(args, List.copyOf(args), "no further copy: it is immutable already");
            assertThrows(UnsupportedOperationException.class, () -> args.add(JsonValue.NULL));
        }
        assertNull(assembler.text("51-[\"f\",{\"_placeholder\":true,\"num\":0},2]"));
        List<Object> args = assembler.binary(new byte[] {7}).args();
        assertSame(args, List.copyOf(args));
        assertArrayEquals(new byte[] {7}, (byte[]) args.get(0));
        assertEquals(SocketIoJson.parse("2"), args.get(1));
    }
}
