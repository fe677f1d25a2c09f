package dev.channels.local.lambda.bootstrap;

import com.amazonaws.services.lambda.runtime.Context;

/** A loaded, initialized function handler: one event in, the response JSON out. */
@FunctionalInterface
interface Handler {
    /** Throws what the function throws. */
    byte[] handle(byte[] event, Context context) throws Throwable;
}
