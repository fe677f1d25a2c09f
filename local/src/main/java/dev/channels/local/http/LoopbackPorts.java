package dev.channels.local.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, for servers that must know their port before they bind (callers retry on a clash). */
public final class LoopbackPorts {
    /** How often a caller tries another port when the one it picked was taken before it could bind. */
    public static final int ATTEMPTS = 3;

    private LoopbackPorts() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
