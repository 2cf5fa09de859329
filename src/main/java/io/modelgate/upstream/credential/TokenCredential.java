package io.modelgate.upstream.credential;

/**
 * A custom way to obtain upstream tokens, for IdPs or secret stores the built-in kinds do not cover
 * (the Java form of LiteLLM's custom credential). Implement it as a CDI bean with {@code @Named("name")}
 * and reference it from a credential of type {@code custom} with {@code bean: name}.
 *
 * <p>{@link #getToken(String)} may block (it runs on a worker thread); Modelgate caches the result
 * until shortly before {@link AccessToken#expiresAt()} and calls it again, one caller at a time.
 */
public interface TokenCredential {

    AccessToken getToken(String scope);
}
