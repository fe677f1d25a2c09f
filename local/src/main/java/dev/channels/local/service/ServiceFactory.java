package dev.channels.local.service;

/** Creates one service of a local cloud; the foundation and every later layer register their services as these. */
@FunctionalInterface
public interface ServiceFactory {
    LocalService create(ServiceContext context);
}
