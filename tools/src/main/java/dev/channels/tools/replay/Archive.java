package dev.channels.tools.replay;

import java.util.List;

/** The archive bucket as replay needs it: keys under a prefix, and one object's text. */
public interface Archive {
    /** Every key under the prefix, however many pages that takes. */
    List<String> keys(String prefix);

    String read(String key);
}
