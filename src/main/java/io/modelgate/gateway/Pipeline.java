package io.modelgate.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.policy.Api;
import io.modelgate.responses.KeptResponses;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.upstream.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Singleton;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The data plane's request path, one stage after another, for each kind of operation: authenticate → inspect →
 * decide → admit → route → relay, metered when the call ends ({@link Meter}) and rendered when it fails
 * ({@link Render}). Each stage is a class of its own; this class only says in which order they run and what each
 * hands the next.
 */
@Singleton
final class Pipeline {

    private final Authenticate authenticate;
    private final Inspect inspect;
    private final Admit admit;
    private final Route route;
    private final Relay relay;
    private final Meter meter;
    private final ResponseRecording recording;
    private final OwnUsage ownUsage;
    private final KeptConversations conversations;

    Pipeline(Authenticate authenticate, Inspect inspect, Admit admit, Route route, Relay relay, Meter meter,
            ResponseRecording recording, OwnUsage ownUsage, KeptConversations conversations) {
        this.authenticate = authenticate;
        this.inspect = inspect;
        this.admit = admit;
        this.route = route;
        this.relay = relay;
        this.meter = meter;
        this.recording = recording;
        this.ownUsage = ownUsage;
        this.conversations = conversations;
    }

    /** An operation that names its model in the body: every other one but those on a stored response. */
    void modelCall(Call call, Endpoint endpoint) {
        RequestBody body = inspect.expect(call, endpoint);
        then(authenticate.caller(call), caller -> inspect.asked(call, endpoint, body))
                .compose(asked -> {
                    ServedModel model = Decide.model(call, asked.model(), endpoint.api());
                    if (Translate.needed(model, endpoint)) {
                        String previous = endpoint.api() == Api.RESPONSES ? asked.previousResponseId() : null;
                        return previous == null ? translatedCall(call, endpoint, asked, model, null)
                                : conversations.continuing(call, previous)
                                        .compose(conversation -> translatedCall(call, endpoint, asked, model, conversation));
                    }
                    return admitRouteAndRelay(call, model, endpoint, () -> forwarded(call, endpoint, asked),
                            watches(call, endpoint, asked, model));
                })
                .onFailure(failure -> Render.error(call, failure));
    }

    /**
     * A model call on an API its upstreams do not speak: translated before it is admitted, so a request that cannot be
     * translated counts against nothing; its answer translated back as it is relayed, its usage read from the
     * upstream's own answer. A token count is the upstream's own where its API has a counter, else the gateway's estimate.
     * A Responses API call continuing a conversation the gateway keeps is given it ({@code conversation}), and its own
     * response is kept in turn when the caller asks to store it.
     */
    private Future<Void> translatedCall(Call call, Endpoint endpoint, ModelRequest asked, ServedModel model, ArrayNode conversation) {
        Translate.Plan plan = Translate.request(call, endpoint, asked, model, conversation);
        if (Translate.estimatesTokens(endpoint, plan)) {
            return Render.json(call, Translate.estimatedTokenCount(call, endpoint, plan));
        }
        if (endpoint == Endpoint.RESPONSES) {
            conversations.keepWhenComplete(call, model.name(), plan.frame(), plan.asked(), asked.previousResponseId());
        }
        return admitRouteAndRelay(call, model, endpoint, () -> Forwarded.translated(call, plan, asked.stream()),
                Translate.answers(call, plan, asked, meter.usage(call, plan.upstream().family(), false)));
    }

    /**
     * The rest of a model call, the same translated or not: admitted against its limits, routed to its deployments,
     * relayed. What goes upstream is made once the call is routed ({@code upstreamCall}), as the caller's request id
     * is then answered too.
     */
    private Future<Void> admitRouteAndRelay(Call call, ServedModel model, Endpoint endpoint, Supplier<UpstreamCall> upstreamCall,
            AnswerWatches watches) {
        return then(then(admit.call(call, model.name(), endpoint.api().family()),
                admitted -> route.modelCall(call, model, endpoint)),
                target -> relay.send(call, target.model(), target.deployments(), upstreamCall.get(), watches)).mapEmpty();
    }

    /**
     * {@code GET}/{@code DELETE /v1/responses/{id}}, {@code …/cancel}, {@code …/input_items}: sent where the response
     * lives, or answered by the gateway when it keeps the response itself.
     */
    void storedResponseCall(Call call, Endpoint endpoint, String responseId) {
        authenticate.caller(call)
                .compose(caller -> {
                    Decide.requireGatewayRole(caller);
                    if (KeptResponses.kept(responseId)) {
                        return conversations.operation(call, endpoint, responseId);
                    }
                    return route.storedResponse(call, responseId).compose(target -> relay.send(call, target.model(), target.deployments(),
                            Forwarded.storedResponseCall(call, endpoint, responseId),
                            endpoint == Endpoint.RESPONSE_DELETE ? recording.deleted(responseId) : AnswerWatches.NONE)).mapEmpty();
                })
                .onFailure(failure -> Render.error(call, failure));
    }

    /** {@code GET /v1/models}: the models the caller may use. */
    void modelList(Call call) {
        authenticate.caller(call)
                .compose(caller -> {
                    Decide.requireGatewayRole(caller);
                    return Render.json(call, ModelListing.list(call.snapshot, caller));
                })
                .onFailure(failure -> Render.error(call, failure));
    }

    /** {@code GET /v1/models/{id}}: one of them; one the caller may not use is not found. */
    void model(Call call, String id) {
        authenticate.caller(call)
                .compose(caller -> {
                    Decide.requireGatewayRole(caller);
                    return Render.json(call, ModelListing.one(call.snapshot, caller, id));
                })
                .onFailure(failure -> Render.error(call, failure));
    }

    /** {@code GET /v1/me}: who the gateway takes the caller for, their usage this month and their limits. */
    void me(Call call) {
        authenticate.caller(call)
                .compose(caller -> {
                    Decide.requireGatewayRole(caller);
                    return ownUsage.answer(call, caller);
                })
                .onFailure(failure -> Render.error(call, failure));
    }

    /**
     * The body as the upstream gets it. A chat or completions stream reports usage only when asked: metering asks for
     * it on the caller's behalf, and takes the extra chunk out again ({@link #watches}).
     */
    private UpstreamCall forwarded(Call call, Endpoint endpoint, ModelRequest asked) {
        boolean multipart = endpoint.body() == Endpoint.Body.MULTIPART;
        ModelRequest forwarded = asksUsage(endpoint, asked) ? asked.askingForStreamUsage() : asked;
        return Forwarded.modelCall(call, endpoint, forwarded,
                multipart ? call.request().getHeader(HttpHeaders.CONTENT_TYPE) : "application/json");
    }

    private AnswerWatches watches(Call call, Endpoint endpoint, ModelRequest asked, ServedModel model) {
        AnswerWatches usage = meter.usage(call, endpoint.api().family(), asksUsage(endpoint, asked));
        return endpoint == Endpoint.RESPONSES && asked.stored() ? usage.and(recording.created(call.caller(), model.name())) : usage;
    }

    /**
     * The next stage on what this one gave: at once when it is already done — the usual case (a token verified before,
     * no limit to wait for, no stored response to look up) — and through the future only when it is not, so that a
     * call pays for no future it does not wait on.
     */
    private static <T, U> Future<U> then(Future<T> stage, Function<T, Future<U>> next) {
        if (!stage.succeeded()) {
            return stage.compose(next);
        }
        try {
            return next.apply(stage.result());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private boolean asksUsage(Endpoint endpoint, ModelRequest asked) {
        return meter.metering() && asked.stream() && !asked.includesStreamUsage()
                && (endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS);
    }
}
