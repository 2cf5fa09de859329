package io.modelgate.secret;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** {@code modelgate.secrets.*}: the key that seals secret values given through the admin API. */
@ConfigMapping(prefix = "modelgate.secrets")
public interface SecretsConfig {

    /**
     * 32 random bytes, base64 ({@code openssl rand -base64 32}). Without it, secrets are accepted only as
     * {@code os.environ/NAME} references. Changing it makes secrets sealed with the old key unreadable.
     */
    Optional<String> key();
}
