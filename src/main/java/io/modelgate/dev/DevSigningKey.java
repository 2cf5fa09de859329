package io.modelgate.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The dev identity provider's RSA key. Generated on first use and kept under {@code target/} so that
 * tokens survive live reloads; never part of a non-dev build.
 */
@IfBuildProfile(anyOf = {"dev", "test"})
@ApplicationScoped
public class DevSigningKey {

    private static final Logger LOG = Logger.getLogger(DevSigningKey.class);
    private static final Path DIRECTORY = Path.of("target", "modelgate-dev-key");

    private final KeyPair keyPair;
    private final String keyId;

    DevSigningKey() {
        this.keyPair = loadOrCreate();
        this.keyId = "dev-" + Integer.toHexString(keyPair.getPublic().hashCode());
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    String keyId() {
        return keyId;
    }

    String jwksJson() {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keyPair.getPublic());
            jwk.setKeyId(keyId);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            return "{\"keys\":[" + jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair loadOrCreate() {
        Path privateFile = DIRECTORY.resolve("private.der");
        Path publicFile = DIRECTORY.resolve("public.der");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
                return new KeyPair(publicKey, privateKey);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIRECTORY);
            Files.write(privateFile, pair.getPrivate().getEncoded());
            Files.write(publicFile, pair.getPublic().getEncoded());
            LOG.infof("Generated a dev signing key under %s", DIRECTORY);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
