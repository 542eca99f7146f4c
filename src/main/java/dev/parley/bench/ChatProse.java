package dev.parley.bench;

/**
 * The chat workload's message text past its stamp ({@link ChatText}): English-like chat prose, new for every message,
 * so that permessage-deflate meets what a chat room carries rather than a run of one byte (which compresses to almost
 * nothing and would flatter it). Sentences of 3 to 14 words drawn from about two hundred common chat words, some
 * with a comma, ending in '.', '?' or '!', from a xorshift generator with a fixed seed per room (runs repeat).
 * Printable ASCII without '"' or '\', so JSON never escapes it. Sans-I/O; one per room, used by one thread.
 */
final class ChatProse {
    private static final byte[][] WORDS = words("""
            the a to and of I you it is in that for on my this we was have be with are not just so but what at
            do can if me your all they will about like get one there up out know think time no yes now good how
            when some would today really here going got people see more then also back our make want been by from
            an new work any still going meeting tomorrow morning later tonight week weekend lunch coffee team
            call review build release deploy test tests branch merge fix bug issue ticket docs server client room
            message chat thanks thank sure okay ok great nice cool sounds fine maybe probably let us me know sorry
            late early soon done ready working looks right wrong check checked push pushed pull pulled green red
            failing passing again still yesterday last next first before after while because since though anyone
            everyone someone here there home office remote laptop phone network slow fast down up restart restarted
            config setting default change changed update updated version old new plan plans idea question answer
            agree disagree exactly perhaps definitely probably quick small big long short few many much little""");
    private static final byte[] ENDS = {'.', '.', '.', '?', '!'};

    private long state;

    ChatProse(long seed) {
        this.state = seed * 0x9E3779B97F4A7C15L | 1;
    }

    /** Writes {@code length} bytes of prose into {@code target[offset..offset+length)}; what no word fits is spaces. */
    void fill(byte[] target, int offset, int length) {
        int at = offset;
        int end = offset + length;
        int left = 0; // words left in the sentence
        boolean first = true;
        while (true) {
            if (left == 0) {
                left = 3 + next(12);
                first = true;
            }
            byte[] word = WORDS[next(WORDS.length)];
            if (at + word.length + 2 > end) {
                break;
            }
            System.arraycopy(word, 0, target, at, word.length);
            if (first && word[0] >= 'a' && word[0] <= 'z') {
                target[at] -= 'a' - 'A';
            }
            first = false;
            at += word.length;
            if (--left == 0) {
                target[at++] = ENDS[next(ENDS.length)];
                target[at++] = ' ';
            } else if (next(9) == 0) {
                target[at++] = ',';
                target[at++] = ' ';
            } else {
                target[at++] = ' ';
            }
        }
        java.util.Arrays.fill(target, at, end, (byte) ' ');
    }

    private int next(int bound) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (int) ((state >>> 33) % bound);
    }

    private static byte[][] words(String list) {
        String[] w = list.trim().split("\\s+");
        byte[][] out = new byte[w.length][];
        for (int i = 0; i < w.length; i++) {
            out[i] = ChatFrame.ascii(w[i]);
        }
        return out;
    }
}
