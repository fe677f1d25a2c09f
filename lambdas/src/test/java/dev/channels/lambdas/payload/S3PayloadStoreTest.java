package dev.channels.lambdas.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.contract.ArchiveKeys;
import dev.channels.lambdas.testing.Bodies;
import dev.channels.lambdas.testing.S3Stub;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The S3 implementation's requests, as a JDK HttpServer speaking S3's REST API receives them. */
class S3PayloadStoreTest {
    private final S3Stub s3 = new S3Stub();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final S3PayloadStore store = new S3PayloadStore("dev-job-order-archive", () -> {
        clientsBuilt.incrementAndGet();
        return s3.client();
    });

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void putsTheBodyUnderTheKeyWithoutEncryptionHeadersAndReadsItBackExactly() {
        String body = Bodies.big("JO-1", 1);
        String key = ArchiveKeys.payload("JO-1", "m-big");

        store.put(key, body);

        S3Stub.Request put = s3.received().get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/dev-job-order-archive/" + key);
        assertThat(put.headers()).containsEntry("content-type", S3PayloadStore.CONTENT_TYPE);
        assertThat(put.headers().keySet()).noneMatch(name -> name.startsWith("x-amz-server-side-encryption"));
        assertThat(put.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        // The SDK's default integrity check: a CRC32 of the body in a signed trailer, verified by S3.
        assertThat(put.headers()).containsEntry("x-amz-trailer", "x-amz-checksum-crc32")
                .containsEntry("x-amz-decoded-content-length", Integer.toString(put.body().length));
        assertThat(store.get(key)).contains(body);
        assertThat(s3.received().get(1).method()).isEqualTo("GET");
        assertThat(s3.received().get(1).path()).isEqualTo("/dev-job-order-archive/" + key);
    }

    @Test
    void aMissingKeyIsEmptyNotAnError() {
        assertThat(store.get("payloads/0000/none.json")).isEmpty();
    }

    @Test
    void buildsTheClientOnFirstUseOnlyAndOnce() {
        assertThat(clientsBuilt).hasValue(0);

        store.get("payloads/a.json");
        store.put("payloads/b.json", "{}");

        assertThat(clientsBuilt).hasValue(1);
    }

    @Test
    void primingReadsAKeyThatIsNeverWrittenAndWritesNothing() {
        store.prime();

        assertThat(s3.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/dev-job-order-archive/" + S3PayloadStore.PRIMING_KEY);
        });
        assertThat(S3PayloadStore.PRIMING_KEY).startsWith(ArchiveKeys.PAYLOAD_PREFIX).doesNotEndWith(".json");
    }
}
