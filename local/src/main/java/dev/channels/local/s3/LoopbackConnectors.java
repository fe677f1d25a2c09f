package dev.channels.local.s3;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to S3Mock's Spring context (through {@code spring.main.sources}) so its extra plain-HTTP connector
 * binds 127.0.0.1 like its main one ({@code server.address}); S3Mock itself binds that connector on every
 * interface.
 */
@Configuration(proxyBeanMethods = false)
public class LoopbackConnectors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> loopbackOnlyConnectors() {
        return factory -> factory.getAdditionalTomcatConnectors()
                .forEach(connector -> connector.setProperty("address", "127.0.0.1"));
    }
}
