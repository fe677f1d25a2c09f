/**
 * A stand-in for the CRaC implementation of Lambda's Java runtime ({@code com.amazonaws.services.lambda.crac} in
 * aws-lambda-java-runtime-interface-client), for the benchmark's forked JVMs. Lambda starts its JVM with
 * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, so a handler's {@code org.crac.Core.getGlobalContext()
 * .register(...)} lands in the runtime's own global context, which the runtime calls at the snapshot
 * ({@code beforeCheckpoint(null)}: the hooks in reverse order of registration, then {@code System.gc()}) and after
 * a restore ({@code afterRestore(null)}: in order of registration). The orchestrator starts the handler JVMs with
 * {@code -Dorg.crac.Core.Compat=dev.channels.bench.driver.crac}, and the driver calls {@link
 * dev.channels.bench.driver.crac.Core#getGlobalContext()} the same way. Lambda's context also clears the JDK's DNS
 * cache (native code) before the snapshot; this one does not (the benchmark resolves nothing but 127.0.0.1).
 * The shapes (class names, {@code getGlobalContext}, {@code register}, {@code checkpointRestore}) are what
 * org.crac's compatibility loader looks up by reflection.
 */
package dev.channels.bench.driver.crac;
