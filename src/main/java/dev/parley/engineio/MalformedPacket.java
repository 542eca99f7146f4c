package dev.parley.engineio;

/** Data that is no Engine.IO packet or payload: the connection closes with reason "parse error". */
public final class MalformedPacket extends Exception {
    public MalformedPacket(String message) {
        super(message, null, false, false);
    }
}
