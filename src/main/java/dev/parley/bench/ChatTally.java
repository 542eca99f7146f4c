package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the chat workload counts besides the window's deliveries and latencies. The window's figures are about the
 * messages said inside it (the text carries when), whenever their answers and deliveries arrive; the correctness
 * counts are over the whole run, warm-up included.
 */
final class ChatTally {
    /** {@code say}s sent inside the window. */
    long messages;
    /** Of those: answered with an {@code ack}, and the deliveries their rooms' members were due. */
    long acks;
    long dueDeliveries;
    /** Of those: answered with an {@code error}, by code; {@code no_answer}: a later say was answered first. */
    final Map<String, Long> errorsByCode = new TreeMap<>();
    /** Over the run: a receiver got an id that is not the one after the last it got in that room. */
    long orderViolations;
    /** Over the run: a message delivered to more members than its room has (a duplicate), or one nobody said. */
    long strayDeliveries;
    long maxUnanswered;
    /** Over the run: {@code message} frames received, their bytes on the wire (headers included) and their payload. */
    long deliveries;
    long deliveryWireBytes;
    long deliveryPayloadBytes;

    /** A {@code message} frame of {@code wireBytes} on the wire, {@code payloadBytes} (inflated) arrived. */
    void delivered(long wireBytes, long payloadBytes) {
        deliveries++;
        deliveryWireBytes += wireBytes;
        deliveryPayloadBytes += payloadBytes;
    }

    void error(String code) {
        errorsByCode.merge(code, 1L, Long::sum);
    }

    /** The figures of a run: {@code plan} who was where, {@code rate} the target (0: closed loop). */
    RunResult.Extra figures(ChatPlan plan, double rate, long inFlight) {
        long messages = this.messages;
        long acks = this.acks;
        long due = dueDeliveries;
        Map<String, Object> errors = new LinkedHashMap<>(errorsByCode);
        long violations = orderViolations;
        long stray = strayDeliveries;
        long backlog = maxUnanswered;
        Double wirePerDelivery = deliveries == 0 ? null : (double) deliveryWireBytes / deliveries;
        Double payloadPerDelivery = deliveries == 0 ? null : (double) deliveryPayloadBytes / deliveries;
        return new RunResult.Extra() {
            @Override
            public void windowed(Map<String, Object> r, double seconds) {
                r.put("messages", messages);
                r.put("saidPerSec", messages / seconds);
                r.put("acks", acks);
                r.put("dueDeliveries", due);
                r.put("errorsByCode", errors);
                r.put("maxUnanswered", backlog);
            }

            @Override
            public void last(Map<String, Object> r) {
                r.put("rooms", plan.rooms());
                r.put("membersPerRoom", plan.members() / plan.rooms());
                r.put("nodes", plan.nodes().size());
                r.put("mode", rate > 0 ? "rate" : "closed loop, " + inFlight + " unanswered at most");
                r.put("orderViolations", violations);
                r.put("strayDeliveries", stray);
                r.put("wireBytesPerMessageDelivery", wirePerDelivery);
                r.put("payloadBytesPerMessageDelivery", payloadPerDelivery);
            }
        };
    }
}
