package io.modelgate.secret;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Resolves secrets where they live — environment variables, or values sealed with Modelgate's key —
 * and seals the values operators give through the admin API: AES-256-GCM, a random 96-bit nonce per
 * value, the format version as associated data. What is stored, audited and exported is only the
 * sealed form; the value exists in clear only in memory, when an upstream call needs it.
 */
@Singleton
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] ASSOCIATED_DATA = "modelgate/sealed:v1".getBytes(StandardCharsets.US_ASCII);

    private final Optional<SecretKeySpec> key;
    private final UnaryOperator<String> environment;
    private final SecureRandom random = new SecureRandom();

    @Inject
    SecretBox(SecretsConfig config) {
        this(config.key(), System::getenv);
    }

    /** For tests: a key (base64) if any, and an environment. */
    public SecretBox(Optional<String> base64Key, UnaryOperator<String> environment) {
        this.key = base64Key.filter(k -> !k.isBlank()).map(SecretBox::decodeKey);
        this.environment = environment;
    }

    private static SecretKeySpec decodeKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modelgate.secrets.key is not base64 (generate one with: openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("modelgate.secrets.key must be 32 bytes (base64 of 32 random bytes), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Whether secret values can be accepted (a key is configured). */
    public boolean canSeal() {
        return key.isPresent();
    }

    public SecretRef seal(String value) {
        SecretKeySpec secretKey = key.orElseThrow(() -> new IllegalStateException("no modelgate.secrets.key configured"));
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, secretKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return SecretRef.sealed(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** The secret's value now; empty if the variable is unset or the sealed value does not open with this key. */
    public Optional<String> resolve(SecretRef ref) {
        return ref.isSealed() ? open(ref.sealed()) : ref.resolve(environment);
    }

    /** Whether a sealed secret opens with the configured key (always true for environment references). */
    public boolean opens(SecretRef ref) {
        return !ref.isSealed() || open(ref.sealed()).isPresent();
    }

    /** Why {@link #resolve} gave nothing, naming where the secret is and never its value. */
    public String whyMissing(SecretRef ref) {
        if (!ref.isSealed()) {
            return ref.describe() + " is not set";
        }
        return key.isEmpty() ? "a sealed secret needs modelgate.secrets.key, which is not configured"
                : "the sealed secret does not open with the configured modelgate.secrets.key (sealed with another key?)";
    }

    /** An environment variable, for settings that are not secrets (e.g. AZURE_FEDERATED_TOKEN_FILE). */
    public Optional<String> environmentVariable(String name) {
        return Optional.ofNullable(environment.apply(name)).filter(v -> !v.isEmpty());
    }

    private Optional<String> open(String sealed) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            if (bytes.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(ASSOCIATED_DATA);
            return Optional.of(new String(cipher.doFinal(Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length)), StandardCharsets.UTF_8));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("opening a sealed secret failed", e);
        }
    }
}
