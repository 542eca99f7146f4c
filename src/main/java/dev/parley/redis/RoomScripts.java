package dev.parley.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

/**
 * The room scripts (src/main/resources/dev/parley/redis/*.lua), each run by its SHA-1 ({@code EVALSHA}), sent whole
 * ({@code EVAL}, which also loads it) only when Redis does not know it yet ({@code NOSCRIPT}: first use, or a
 * restarted Redis). Every failure completes the stage with {@link RedisUnavailable}.
 */
public final class RoomScripts {
    /** How long a room's keys live after its last say or join: only bounds abandoned rooms. */
    static final long TTL_SECONDS = 30L * 24 * 60 * 60;

    private record Script(String text, String sha) {
        static Script load(String name) {
            try (InputStream in = RoomScripts.class.getResourceAsStream(name + ".lua")) {
                if (in == null) {
                    throw new IllegalStateException("script " + name + ".lua is missing");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] sha = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(sha));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Script SAY = Script.load("say");
    private static final Script JOIN = Script.load("join");
    private static final Script LEAVE = Script.load("leave");
    private static final Script EVICT = Script.load("evict");
    private static final Script REREGISTER = Script.load("reregister");

    private final RedisLink link;

    public RoomScripts(RedisLink link) {
        this.link = link;
    }

    /** {id, epoch}, or {"late", now} when the script ran after {@code deadlineMillis} (Redis time) and did nothing. */
    CompletionStage<List<Object>> say(RoomKeys keys, RoomFrames.Template frame, int historySize, String freshEpoch,
                                      long deadlineMillis) {
        return run(SAY, ScriptOutputType.MULTI, new String[] {keys.meta(), keys.log()}, frame.prefix(),
                frame.suffix(), Integer.toString(historySize), freshEpoch, keys.channel(), Long.toString(TTL_SECONDS),
                Long.toString(deadlineMillis));
    }

    /** {last, epoch, presence number, [members]}. */
    CompletionStage<List<Object>> join(RoomKeys keys, String user, String node, String freshEpoch) {
        return run(JOIN, ScriptOutputType.MULTI, keys.scriptKeys(), user, node, freshEpoch, keys.channel(),
                Long.toString(TTL_SECONDS), RoomFrames.presence(keys.room(), user, "join"));
    }

    /** 0: the session was not counted, 1: the user is still in the room, 2: the user left. */
    CompletionStage<Long> leave(RoomKeys keys, String user, String node) {
        return run(LEAVE, ScriptOutputType.INTEGER, keys.scriptKeys(), user, node, keys.channel(),
                RoomFrames.presence(keys.room(), user, "leave"));
    }

    /**
     * Node {@code node} is gone: its sessions leave room {@code room} (users whose last session it had leave, with
     * presence, on every node). Idempotent. Completes with the number of users who left.
     */
    public CompletionStage<Long> evict(String room, String node) {
        RoomKeys keys = RoomKeys.of(room);
        RoomFrames.Template leave = RoomFrames.leaveAround(room);
        return run(EVICT, ScriptOutputType.INTEGER, keys.scriptKeys(), node, keys.channel(), leave.prefix(),
                leave.suffix());
    }

    /**
     * Node {@code node}'s counts in the room (of epoch {@code epoch}) set back to {@code sessions} (user -> sessions
     * counted on the node), silently: its registration was lost. Idempotent. Completes with the entries changed, or
     * -1 if the room has another epoch or none (its data was lost; nothing done).
     */
    CompletionStage<Long> reregister(RoomKeys keys, String node, String epoch, Map<String, Integer> sessions) {
        List<String> args = new ArrayList<>(List.of(node, epoch, Long.toString(TTL_SECONDS)));
        sessions.forEach((user, count) -> {
            args.add(user);
            args.add(Integer.toString(count));
        });
        return run(REREGISTER, ScriptOutputType.INTEGER, keys.scriptKeys(), args.toArray(String[]::new));
    }

    /**
     * Loads every script ({@code SCRIPT LOAD}) so that their first {@code EVALSHA}s find them: a fresh Redis would
     * otherwise answer {@code NOSCRIPT} to each one sent before the first {@code EVAL} (hundreds in a join storm), each
     * then sent whole. A failure does no harm: the scripts are sent whole when needed.
     */
    public void load() {
        for (Script script : List.of(SAY, JOIN, LEAVE, EVICT, REREGISTER)) {
            link.call(c -> c.scriptLoad(script.text())).exceptionally(failure -> null);
        }
    }

    private <T> CompletionStage<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
        return link.<T>call(c -> c.evalsha(script.sha(), type, keys, args)).handle((value, failure) -> {
            if (failure == null) {
                return java.util.concurrent.CompletableFuture.completedStage(value);
            }
            if (noScript(failure)) {
                return link.<T>call(c -> c.eval(script.text(), type, keys, args));
            }
            return java.util.concurrent.CompletableFuture.<T>failedStage(failure);
        }).thenCompose(stage -> stage);
    }

    private static boolean noScript(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
