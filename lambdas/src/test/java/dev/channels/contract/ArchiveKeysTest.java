package dev.channels.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveKeysTest {
    private static final Instant SENT = Instant.parse("2025-11-25T09:30:00.123Z");

    @Test
    void rawKeysAreFiledUnderTheUtcHourAndNameTheMillisecondAndMessage() {
        String key = ArchiveKeys.raw(SENT, "5b1c8e6a-0001-4f7e-9d2a-000000000001");

        assertThat(key).isEqualTo("raw/2025/11/25/09/1764063000123-5b1c8e6a-0001-4f7e-9d2a-000000000001.json");
        assertThat(ArchiveKeys.parseRaw(key)).contains(new ArchiveKeys.RawKey(key, SENT, "5b1c8e6a-0001-4f7e-9d2a-000000000001"));
        assertThat(ArchiveKeys.rawHourPrefix(SENT)).isEqualTo("raw/2025/11/25/09/");
    }

    @Test
    void aMessageIdThatIsNotAUuidCannotAddAFolder() {
        String key = ArchiveKeys.raw(SENT, "a/b c");

        assertThat(key).isEqualTo("raw/2025/11/25/09/1764063000123-a%2Fb+c.json");
        assertThat(ArchiveKeys.parseRaw(key).map(ArchiveKeys.RawKey::messageId)).contains("a/b c");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "raw/2025/11/25/09/",
        "raw/2025/11/25/09/notes.txt",
        "raw/2025/11/25/10/1764063000123-m.json",
        "payloads/abc/m.json",
        "raw/2025/11/25/09/x1764063000123-m.json",
    })
    void anyOtherKeyIsNotARawEntry(String key) {
        assertThat(ArchiveKeys.parseRaw(key)).isEmpty();
    }

    /** An operator finds an object's bodies with {@code printf %s JO-1 | sha256sum}. */
    @Test
    void payloadKeysHashTheObjectId() {
        assertThat(ArchiveKeys.payload("JO-1", "m-1"))
                .isEqualTo("payloads/36b7a44786f941ae46bfe88b40d91740f803c86bec396c8ab883431b95f124ed/m-1.json");
        assertThat(ArchiveKeys.payload("a/b \u00e9", "m-1")).matches("payloads/[0-9a-f]{64}/m-1\\.json");
    }
}
