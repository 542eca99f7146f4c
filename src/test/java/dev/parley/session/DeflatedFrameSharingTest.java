package dev.parley.session;

import static dev.parley.session.DeflatedFrames.NO_CONTEXT;
import static dev.parley.session.DeflatedFrames.inflater;
import static dev.parley.session.DeflatedFrames.json;
import static dev.parley.session.DeflatedFrames.message;
import static dev.parley.session.DeflatedFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** One broadcast is compressed once: every receiver without context takeover writes the very same array. */
class DeflatedFrameSharingTest {

    @Test
    void aThousandReceiversWriteTheSameCompressedArray() {
        OutboundDeflate deflate = new OutboundDeflate(128, 0);
        List<DeflatedFrames> members = new ArrayList<>();
        List<FrameSink> sinks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            DeflatedFrames member = new DeflatedFrames();
            members.add(member);
            sinks.add(deflate.sink(member, NO_CONTEXT));
        }
        String text = json(1024, 5);
        OutboundMessage message = OutboundMessage.text(text);
        sinks.forEach(sink -> sink.send(message, result -> { }));
        byte[] compressed = message.deflatedFrame();
        for (DeflatedFrames member : members) {
            assertSame(compressed, member.written.get(0));
        }
        assertArrayEquals(utf8(text), message(compressed, inflater(true)));
    }

    @Test
    void manyThreadsAskingAtOnceGetOneCompressionAndOneArray() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String text = json(4000 + round, round);
                OutboundMessage message = OutboundMessage.text(text);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<byte[]>> frames = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    frames.add(pool.submit(() -> {
                        start.await();
                        return message.deflatedFrame();
                    }));
                }
                start.countDown();
                byte[] first = frames.get(0).get(30, TimeUnit.SECONDS);
                for (Future<byte[]> frame : frames) {
                    assertSame(first, frame.get(30, TimeUnit.SECONDS), "round " + round);
                }
                assertTrue(DeflatedFrames.decode(first).rsv1());
                assertArrayEquals(utf8(text), message(first, inflater(true)));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void pooledDeflatersUsedFromManyThreadsGiveEachMessageItsOwnCorrectBytes() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                checked.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 200; i++) {
                        String text = json(200 + 37 * i, seed * 1000 + i);
                        assertArrayEquals(utf8(text), message(OutboundMessage.text(text).deflatedFrame(),
                                inflater(true)));
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> done : checked) {
                assertEquals(200, done.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
