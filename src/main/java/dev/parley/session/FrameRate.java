package dev.parley.session;

/**
 * A frame budget: a token bucket that refills at {@code perSecond} frames a second and holds at most {@code burst}.
 * Every frame a client sends (data, control or invalid) takes one token; a client that finds the bucket empty is
 * closed with 1008 (embedded server only: the frames are counted by its wire guard, in front of Tyrus).
 *
 * @param perSecond frames a second, sustained
 * @param burst     frames that may come at once after a quiet spell
 */
public record FrameRate(double perSecond, int burst) {
    public FrameRate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst <= 0) {
            throw new IllegalArgumentException("a frame rate needs a positive rate and burst: " + perSecond + "/s, burst "
                    + burst);
        }
    }

    @Override
    public String toString() {
        return (perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond))
                + "/s burst " + burst;
    }
}
