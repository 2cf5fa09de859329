package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.ErrorShape;
import io.modelgate.identity.Caller;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.limits.LimitBook;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.upstream.Deployment;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One data-plane request, from its arrival to the record of its end: what it has learnt so far, handed explicitly from
 * stage to stage ({@link Pipeline}). Each stage sets what it establishes, once; the record of the call
 * ({@link Meter#record}) is made of what is set when it ends, however far it got. Lives on the event loop that received
 * the request, so nothing here is synchronised. The HTTP exchange carries the bytes, never call state.
 */
final class Call {

    /** What the caller called: the operation's metric name, and the error shape of its API family. */
    final String operation;
    final ErrorShape shape;
    /** The HTTP exchange: Quarkus OIDC authenticates it as such. */
    final RoutingContext exchange;
    final long startedNanos = System.nanoTime();
    /** The policy in force when the call arrived, against which the whole call is decided; null only before one is loaded. */
    final PolicySnapshot snapshot;

    /** The call's spans; null when tracing is off. */
    final CallTrace trace;

    /** Set by {@link Authenticate}. */
    private Caller caller;
    /** Set by {@link Inspect}: what the body asks. */
    private ModelRequest asked;
    /** Set by {@link Decide}: the model's name as metrics and records show it (a model of the policy, or "other"). */
    private String modelLabel = Meter.NONE;
    /** Set by {@link Decide}: the role whose permission let the call through. */
    private String grantedBy;
    /** Set by {@link Translate}: the API path the upstream is called on, when not the caller's; what was left out. */
    private String translatedTo;
    private String omitted;
    /** Set by {@link Admit}: what the call counts against, released when it ends; null when no limit covers it. */
    private LimitBook.Admission admission;
    /** Set by {@link Admit}: the gateway's own rate-limit headers replace the upstream's. */
    private boolean ownRateHeaders;
    /** Set by {@link Relay}: the deployment whose answer the caller got. */
    private Deployment answeredBy;
    /** Set by {@link Meter}: reads the usage the answer reports. */
    private UsageWatch usage;
    /** Set by {@link Relay}: when the first bytes of the answer went to the caller ({@link System#nanoTime()}); 0 before. */
    private long firstAnswerNanos;
    /** Set by {@link Render} when the call ended with an error. */
    private ErrorKind error;

    Call(String operation, ErrorShape shape, RoutingContext exchange, PolicySnapshot snapshot) {
        this(operation, shape, exchange, snapshot, null);
    }

    Call(String operation, ErrorShape shape, RoutingContext exchange, PolicySnapshot snapshot, CallTrace trace) {
        this.operation = operation;
        this.shape = shape;
        this.exchange = exchange;
        this.snapshot = snapshot;
        this.trace = trace;
    }

    HttpServerRequest request() {
        return exchange.request();
    }

    HttpServerResponse response() {
        return exchange.response();
    }

    Caller caller() {
        return caller;
    }

    void authenticated(Caller caller) {
        this.caller = caller;
    }

    ModelRequest asked() {
        return asked;
    }

    void inspected(ModelRequest asked) {
        this.asked = asked;
    }

    String modelLabel() {
        return modelLabel;
    }

    /** The model the call names, as records show it: its own name when the policy has it, else {@code other}. */
    void names(String model) {
        this.modelLabel = snapshot.model(model).isPresent() ? model : Meter.OTHER;
    }

    String grantedBy() {
        return grantedBy;
    }

    void grantedBy(String role) {
        this.grantedBy = role;
    }

    String translatedTo() {
        return translatedTo;
    }

    String omitted() {
        return omitted;
    }

    /** The call goes upstream on {@code upstreamPath}, without {@code omitted} (comma-separated; null: nothing). */
    void translated(String upstreamPath, String omitted) {
        this.translatedTo = upstreamPath;
        this.omitted = omitted;
    }

    LimitBook.Admission admission() {
        return admission;
    }

    void admitted(LimitBook.Admission admission, boolean ownRateHeaders) {
        this.admission = admission;
        this.ownRateHeaders = ownRateHeaders;
    }

    boolean ownRateHeaders() {
        return ownRateHeaders;
    }

    Deployment answeredBy() {
        return answeredBy;
    }

    void answeredBy(Deployment deployment) {
        this.answeredBy = deployment;
    }

    UsageWatch usage() {
        return usage;
    }

    void watchesUsage(UsageWatch usage) {
        this.usage = usage;
    }

    long firstAnswerNanos() {
        return firstAnswerNanos;
    }

    /** The first bytes of the relayed answer are leaving now (a stream's first token, near enough). */
    void answerStarts() {
        if (firstAnswerNanos == 0) {
            firstAnswerNanos = System.nanoTime();
        }
    }

    ErrorKind error() {
        return error;
    }

    void failed(ErrorKind error) {
        this.error = error;
    }

    /** Whether the caller has gone (or been answered): nothing more can reach them. */
    boolean over() {
        HttpServerResponse response = exchange.response();
        return response.closed() || response.ended();
    }
}
