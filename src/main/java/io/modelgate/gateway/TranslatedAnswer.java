package io.modelgate.gateway;

import io.modelgate.error.ErrorShape;
import io.modelgate.translate.ResponseFrame;
import io.modelgate.translate.SseEvents;
import io.modelgate.translate.StreamTranslator;
import io.modelgate.translate.Translation;
import io.modelgate.translate.UpstreamErrors;
import io.modelgate.upstream.UpstreamResponse;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A translated call's answer, rewritten in the caller's API as it is relayed: an event stream event by event (each
 * upstream event's translation leaves as soon as the event is complete); a JSON answer whole, once it has all arrived;
 * an upstream error as the caller's API writes errors, with the upstream's status and message. Usage is read from the
 * upstream's own answer before it is rewritten, so metering sees exactly what the upstream reported: a stream's usage
 * objects as the translator finds them in the upstream's events it parses anyway ({@link StreamTranslator#reportsTo}),
 * or else from each event's data as this answer reads it (either way the stream is split into events and its usage
 * parsed once, not again by the meter); a document's by the usage watch before this one.
 */
final class TranslatedAnswer implements AnswerWatch {

    private enum Form { EVENTS, DOCUMENT, ERROR }

    private final Form form;
    private final int status;
    private final ErrorShape shape;
    private final UnaryOperator<byte[]> document;
    private final SseEvents events = new SseEvents();
    private final StreamTranslator stream;
    /**
     * A stream's usage watch, handed each upstream event's data unless the translator reports the usage it reads;
     * null when usage is not read, the answer is no stream, or the translator reports it.
     */
    private UsageWatch usage;
    private Buffer whole;
    /** The caller's last events, written with the end of the answer: the upstream's body ends right after them. */
    private ByteBuf last;

    private TranslatedAnswer(UnaryOperator<byte[]> document, Supplier<StreamTranslator> streams, Form form, int status, ErrorShape shape) {
        this.document = document;
        this.form = form;
        this.status = status;
        this.shape = shape;
        this.stream = form == Form.EVENTS ? streams.get() : null;
    }

    /**
     * The answer of a call translated by {@code translation}, rewritten in the caller's API; {@code usageAsked}: whether
     * the caller's stream asked for usage; {@code frame}: what a Responses API answer takes from its request, else null.
     */
    static AnswerWatches of(Translation translation, boolean usageAsked, ResponseFrame frame, ErrorShape shape, AnswerWatches usage) {
        return of(body -> translation.answer(body, frame), () -> translation.stream(usageAsked, frame), shape, usage);
    }

    /**
     * An answer rewritten by {@code document} when it is one JSON document, by a translator from {@code streams} when
     * events, its usage read by what {@code usage} opens ({@link AnswerWatches#NONE}: not read).
     */
    static AnswerWatches of(UnaryOperator<byte[]> document, Supplier<StreamTranslator> streams, ErrorShape shape, AnswerWatches usage) {
        return (deployment, response) -> {
            AnswerWatch reading = usage.open(deployment, response);
            TranslatedAnswer answer = new TranslatedAnswer(document, streams, form(response), response.status(), shape);
            if (answer.form == Form.EVENTS && reading instanceof UsageWatch watch) {
                answer.usage = answer.stream.reportsTo(watch) ? null : watch;
                return answer;
            }
            return reading.then(answer);
        };
    }

    private static Form form(UpstreamResponse response) {
        if (response.status() / 100 != 2) {
            return Form.ERROR;
        }
        return response.eventStream() ? Form.EVENTS : Form.DOCUMENT;
    }

    @Override
    public boolean rewrites() {
        return true;
    }

    @Override
    public Buffer chunk(Buffer chunk) {
        if (form != Form.EVENTS) {
            whole = whole == null ? chunk.copy() : whole.appendBuffer(chunk);
            return null;
        }
        TranslationScratch scratch = TranslationScratch.get();
        ByteBuf out = scratch.out();
        events.feed(scratch.in(chunk), 0, chunk.length(), (SseEvents.BytesHandler) (name, data, from, to) -> {
            if (usage != null) {
                usage.eventData(data, from, to);
            }
            stream.event(name, data, from, to, out);
        });
        if (stream.finished()) { // one write with the end of the answer rather than two
            last = TranslationScratch.taken(last, out);
            return null;
        }
        return out.isReadable() ? Buffer.buffer(TranslationScratch.taken(null, out)) : null;
    }

    @Override
    public Buffer end() {
        byte[] body = whole == null ? new byte[0] : whole.getBytes();
        return switch (form) {
            case EVENTS -> {
                ByteBuf out = TranslationScratch.get().out();
                stream.end(out);
                yield Buffer.buffer(TranslationScratch.taken(last, out));
            }
            case ERROR -> Buffer.buffer(shape.relayedBody(status, UpstreamErrors.message(body)));
            case DOCUMENT -> {
                byte[] translated = document.apply(body);
                yield Buffer.buffer(translated == null ? body : translated); // not JSON after all: passed on as it came
            }
        };
    }
}
