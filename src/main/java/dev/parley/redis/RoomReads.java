package dev.parley.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;

/**
 * Reads of a room's meta and log, for history and repairs: {@code HMGET meta epoch last}, {@code XRANGE log - +
 * COUNT 1} (the oldest kept) and {@code XRANGE log <from> <to> COUNT n}, pipelined on the shared connection (not a
 * transaction, which a shared connection cannot hold; not Lua, measured 3x slower). Read in that order, the log may
 * hold ids past the meta's {@code last} (said meanwhile): they are left out, so the answer is the room as of the
 * meta read.
 */
final class RoomReads {
    /** What a read found: the epoch (null: the room has no data in Redis), last id, oldest kept id, messages. */
    record Snapshot(String epoch, long last, long oldest, List<RoomEvent.Message> messages) {
    }

    private final RedisLink link;

    RoomReads(RedisLink link) {
        this.link = link;
    }

    /** The messages with ids in {@code [from, to]} ({@code to} may be {@link Long#MAX_VALUE}), at most {@code count}. */
    CompletionStage<Snapshot> read(RoomKeys keys, long from, long to, int count) {
        CompletionStage<List<KeyValue<String, String>>> meta = link.call(c -> c.hmget(keys.meta(), "epoch", "last"));
        CompletionStage<List<StreamMessage<String, String>>> first = link.call(c -> c.xrange(keys.log(),
                Range.unbounded(), Limit.from(1)));
        Range<String> range = Range.from(Range.Boundary.including(from + "-0"),
                to == Long.MAX_VALUE ? Range.Boundary.unbounded() : Range.Boundary.including(to + "-0"));
        CompletionStage<List<StreamMessage<String, String>>> entries = link.call(c -> c.xrange(keys.log(), range,
                Limit.from(count)));
        return meta.thenCombine(first, (m, f) -> new Object[] {m, f}).thenCombine(entries, (mf, e) -> {
            @SuppressWarnings("unchecked")
            List<KeyValue<String, String>> values = (List<KeyValue<String, String>>) mf[0];
            @SuppressWarnings("unchecked")
            List<StreamMessage<String, String>> oldest = (List<StreamMessage<String, String>>) mf[1];
            String epoch = values.get(0).getValueOrElse(null);
            long last = values.get(1).hasValue() ? Long.parseLong(values.get(1).getValue()) : 0;
            long oldestId = oldest.isEmpty() ? last + 1 : id(oldest.get(0));
            List<RoomEvent.Message> messages = new ArrayList<>(e.size());
            for (StreamMessage<String, String> entry : e) {
                long id = id(entry);
                if (id <= last) {
                    messages.add(new RoomEvent.Message(epoch, id, entry.getBody().get("m")));
                }
            }
            return new Snapshot(epoch, last, oldestId, messages);
        });
    }

    private static long id(StreamMessage<String, String> entry) {
        String id = entry.getId();
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
