/**
 * The function JVM's side of the local Lambda: a pure-Java Lambda Runtime API client that loads the handler
 * named by {@code _HANDLER} with the rules Lambda documents for Java, and (de)serializes events with Lambda's own
 * {@code aws-lambda-java-serialization}. No native library, so it runs the same on every OS.
 *
 * <p>These classes run on the function's class path, not in the local cloud's JVM: they may use only the JDK,
 * {@code aws-lambda-java-core} and {@code aws-lambda-java-serialization} (the build packages this package alone as
 * {@code lambda-runtime/channels-local-lambda-bootstrap.jar}).
 */
package dev.channels.local.lambda.bootstrap;
