package io.modelgate.telemetry.export;

import io.quarkus.opentelemetry.runtime.config.runtime.exporter.OtlpExporterConfig;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ProxyOptions;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The OTLP client's connection settings, from the same properties Quarkus's exporter reads: TLS for an {@code https}
 * endpoint from the named TLS configuration ({@code quarkus.otel.exporter.otlp.traces.tls-configuration-name}, else the
 * default one), or from PEM files ({@code key-cert.keys}/{@code certs}, {@code trust-cert.certs}); and an HTTP proxy
 * ({@code proxy-options.*}).
 */
final class OtlpClientOptions implements Consumer<HttpClientOptions> {

    private final OtlpExporterConfig config;
    private final URI endpoint;
    private final Optional<TlsConfiguration> tls;

    OtlpClientOptions(OtlpExporterConfig config, URI endpoint, TlsConfigurationRegistry registry) {
        this.config = config;
        this.endpoint = endpoint;
        this.tls = TlsConfiguration.from(registry, config.tlsConfigurationName());
        if (config.tlsConfigurationName().isPresent() && tls.isEmpty()) {
            throw new IllegalStateException("quarkus.otel.exporter.otlp.traces.tls-configuration-name names no TLS configuration: "
                    + config.tlsConfigurationName().get());
        }
    }

    @Override
    public void accept(HttpClientOptions options) {
        if ("https".equalsIgnoreCase(endpoint.getScheme())) {
            options.setSsl(true).setUseAlpn(true);
            tls(options);
        }
        OtlpExporterConfig.ProxyConfig proxy = config.proxyOptions();
        if (proxy.enabled() && proxy.host().isPresent()) {
            ProxyOptions proxyOptions = new ProxyOptions().setHost(proxy.host().get());
            proxy.port().ifPresent(proxyOptions::setPort);
            proxy.username().ifPresent(proxyOptions::setUsername);
            proxy.password().ifPresent(proxyOptions::setPassword);
            options.setProxyOptions(proxyOptions);
        }
    }

    private void tls(HttpClientOptions options) {
        if (tls.isPresent()) {
            TlsConfiguration configuration = tls.get();
            if (configuration.getKeyStoreOptions() != null) {
                options.setKeyCertOptions(configuration.getKeyStoreOptions());
            }
            if (configuration.getTrustStoreOptions() != null) {
                options.setTrustOptions(configuration.getTrustStoreOptions());
            }
            options.setTrustAll(configuration.isTrustAll());
            configuration.getHostnameVerificationAlgorithm().filter("NONE"::equalsIgnoreCase).ifPresent(none -> options.setVerifyHost(false));
        } else {
            List<String> keys = config.keyCert().keys().orElse(List.of());
            List<String> certs = config.keyCert().certs().orElse(List.of());
            if (!keys.isEmpty() || !certs.isEmpty()) {
                options.setKeyCertOptions(new PemKeyCertOptions().setKeyPaths(keys).setCertPaths(certs));
            }
            config.trustCert().certs().filter(trusted -> !trusted.isEmpty())
                    .ifPresent(trusted -> {
                        PemTrustOptions trust = new PemTrustOptions();
                        trusted.forEach(trust::addCertPath);
                        options.setTrustOptions(trust);
                    });
        }
    }
}
