package io.modelgate.telemetry.export;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A batch of spans written as OTLP's protobuf ({@code opentelemetry/proto/trace/v1/trace.proto}) into one reused
 * array: each {@code ResourceSpans} of an {@code ExportTraceServiceRequest}, spans grouped by resource and then by
 * instrumentation scope, in the order the batch first names them, each span written from its data by
 * {@link SpanMessage}. The SDK's own marshaler writes the same message (tests compare the two, field by field), building
 * an object per attribute per span first, and Quarkus's sender then serializes it on a Vert.x event loop; here the whole
 * batch is written on the batch processor's thread and the event loop copies bytes. Not thread-safe: one batch at a
 * time, as the batch processor exports.
 */
final class OtlpSpanEncoder {

    // ExportTraceServiceRequest
    static final int REQUEST_RESOURCE_SPANS = 1;
    // ResourceSpans, Resource
    private static final int RESOURCE_SPANS_RESOURCE = 1, RESOURCE_SPANS_SCOPE_SPANS = 2, RESOURCE_SPANS_SCHEMA_URL = 3;
    private static final int RESOURCE_ATTRIBUTES = 1;
    // ScopeSpans, InstrumentationScope
    private static final int SCOPE_SPANS_SCOPE = 1, SCOPE_SPANS_SPANS = 2, SCOPE_SPANS_SCHEMA_URL = 3;
    private static final int SCOPE_NAME = 1, SCOPE_VERSION = 2, SCOPE_ATTRIBUTES = 3;

    private final ProtoWriter out = new ProtoWriter(1 << 20);
    private final List<Group> groups = new ArrayList<>();
    /** The batch's resources in the order it first names them: one ResourceSpans each. */
    private final List<Resource> resources = new ArrayList<>();
    /** What writes each span's fields (and the resource's and scope's attributes) into {@link #out}. */
    private final SpanMessage spans = new SpanMessage(out);
    /** Where each ResourceSpans message written lies in {@link #bytes()}: start, length, start, length, … */
    private int[] segments = new int[8];
    private int segmentCount;

    /** The spans of one resource and scope, in the order the batch gave them. */
    private record Group(int resource, InstrumentationScopeInfo scope, List<SpanData> spans) {
    }

    /** The open {@code ScopeSpans} of a batch written span by span ({@link #begin}), as {@link ProtoWriter#begin} marks it. */
    private int openScopeSpans = -1;
    private InstrumentationScopeInfo openScope;
    private int openSpans;

    /**
     * Starts a batch of spans of one {@code resource} and {@code scope}, written one at a time as they come
     * ({@link #add}) until {@link #finish}; what was written before is forgotten.
     */
    void begin(Resource resource, InstrumentationScopeInfo scope) {
        out.reset();
        segmentCount = 0;
        writeResource(resource);
        openScopeSpans = openScopeSpans(scope);
        openScope = scope;
        openSpans = 0;
    }

    /** Writes {@code span} into the batch begun, whose resource and scope it has. */
    void add(SpanData span) {
        writeSpan(span);
        openSpans++;
    }

    /** How many spans the batch begun holds. */
    int spanCount() {
        return openSpans;
    }

    /** Ends the batch begun: its bytes are then {@link #bytes()}'s, as after {@link #encode}. */
    void finish() {
        closeScopeSpans(openScopeSpans, openScope);
        addSegment(0, out.position());
        openScopeSpans = -1;
        openScope = null;
    }

    /** Writes {@code spans}; what was written before is forgotten. */
    void encode(Collection<? extends SpanData> spans) {
        out.reset();
        segmentCount = 0;
        for (SpanData span : spans) {
            groupOf(span).spans.add(span);
        }
        for (int resource = 0; resource < resources.size(); resource++) {
            int start = out.position();
            writeResource(resources.get(resource));
            for (Group group : groups) {
                if (group.resource == resource) {
                    writeScopeSpans(group);
                }
            }
            addSegment(start, out.position() - start);
        }
        groups.clear();
        resources.clear();
    }

    /** The array the last batch was written to (valid until the next {@link #encode}). */
    byte[] bytes() {
        return out.array();
    }

    /** How many {@code ResourceSpans} messages the last batch wrote. */
    int resourceSpansCount() {
        return segmentCount;
    }

    int resourceSpansStart(int index) {
        return segments[2 * index];
    }

    int resourceSpansLength(int index) {
        return segments[2 * index + 1];
    }

    private void addSegment(int start, int length) {
        if (2 * segmentCount == segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
        segments[2 * segmentCount] = start;
        segments[2 * segmentCount + 1] = length;
        segmentCount++;
    }

    /** The group of a span's resource and scope: compared by identity first, as a batch's spans share the SDK's. */
    private Group groupOf(SpanData span) {
        Resource resource = span.getResource();
        InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
        for (int at = groups.size() - 1; at >= 0; at--) {
            Group group = groups.get(at);
            Resource known = resources.get(group.resource);
            if ((known == resource || known.equals(resource)) && (group.scope == scope || group.scope.equals(scope))) {
                return group;
            }
        }
        int index = resources.indexOf(resource);
        if (index < 0) {
            index = resources.size();
            resources.add(resource);
        }
        Group group = new Group(index, scope, new ArrayList<>());
        groups.add(group);
        return group;
    }

    private void writeResource(Resource resource) {
        int message = out.begin(RESOURCE_SPANS_RESOURCE, 2);
        spans.attributesField(RESOURCE_ATTRIBUTES, resource.getAttributes());
        out.end(message);
        String schemaUrl = resource.getSchemaUrl();
        if (schemaUrl != null) {
            out.stringField(RESOURCE_SPANS_SCHEMA_URL, schemaUrl);
        }
    }

    private void writeScopeSpans(Group group) {
        int scopeSpans = openScopeSpans(group.scope);
        for (SpanData span : group.spans) {
            writeSpan(span);
        }
        closeScopeSpans(scopeSpans, group.scope);
    }

    /** Begins a {@code ScopeSpans} and writes its scope: its spans follow. */
    private int openScopeSpans(InstrumentationScopeInfo scope) {
        int scopeSpans = out.begin(RESOURCE_SPANS_SCOPE_SPANS, 3);
        int scopeMessage = out.begin(SCOPE_SPANS_SCOPE, 1);
        out.stringField(SCOPE_NAME, scope.getName());
        if (scope.getVersion() != null) {
            out.stringField(SCOPE_VERSION, scope.getVersion());
        }
        spans.attributesField(SCOPE_ATTRIBUTES, scope.getAttributes());
        out.end(scopeMessage);
        return scopeSpans;
    }

    private void closeScopeSpans(int scopeSpans, InstrumentationScopeInfo scope) {
        if (scope.getSchemaUrl() != null) {
            out.stringField(SCOPE_SPANS_SCHEMA_URL, scope.getSchemaUrl());
        }
        out.end(scopeSpans);
    }

    private void writeSpan(SpanData span) {
        int message = out.begin(SCOPE_SPANS_SPANS, 2);
        spans.write(span);
        out.end(message);
    }
}
