package dev.channels.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.channels.contract.LambdaHandler;
import dev.channels.lambdas.ingest.IngestHandler;
import dev.channels.lambdas.notify.NotifyHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pins every registry entry to its class, so a rename fails here and not at a function's first invocation. */
class LambdaHandlerTest {

    @ParameterizedTest
    @EnumSource(LambdaHandler.class)
    void namesARequestHandlerClassAndItsHandleRequestMethod(LambdaHandler entry) throws ClassNotFoundException {
        // Exhaustive switch: a new registry entry does not compile until it is pinned here.
        Class<?> handlerClass = switch (entry) {
            case INGEST -> IngestHandler.class;
            case NOTIFY -> NotifyHandler.class;
        };

        assertThat(RequestHandler.class).isAssignableFrom(Class.forName(entry.className()));
        assertThat(entry.className()).isEqualTo(handlerClass.getName());
        assertThat(entry.handler()).isEqualTo(handlerClass.getName() + "::handleRequest");
    }
}
