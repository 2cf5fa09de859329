package io.modelgate.inspect;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (audio transcriptions, image edits) read for its {@code model} and
 * {@code stream} fields, with the boundaries found by Netty's byte search rather than by parsing every part: a
 * 25 MB file is scanned once and never copied. The body forwarded is the caller's, the model's value spliced in
 * as a composite of slices of the received bytes. Pure: bytes and content type in, fields or a 400 out.
 */
public final class InspectedForm implements ModelRequest {

    /** Longest part head (its Content-Disposition and Content-Type lines) and longest model value accepted. */
    private static final int MAX_PART_HEAD = 16 * 1024;
    private static final int MAX_FIELD_VALUE = 1024;

    private final ByteBuf body;
    private final String model;
    private final boolean stream;
    private final int modelStart;
    private final int modelEnd;
    private final Map<String, String> fields;
    private final long fileBytes;

    private InspectedForm(ByteBuf body, String model, boolean stream, int modelStart, int modelEnd, Map<String, String> fields,
            long fileBytes) {
        this.body = body;
        this.model = model;
        this.stream = stream;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.fields = fields;
        this.fileBytes = fileBytes;
    }

    /** Reads a form; throws {@link GatewayException} (400) saying what is wrong with it. */
    public static InspectedForm inspect(Buffer received, String contentType) {
        String boundary = boundary(contentType);
        ByteBuf body = received.getByteBuf().slice();
        // A delimiter is "--boundary" at a line's start. RFC 2046 puts CRLF before it; parsers upstream (Netty's, Go's,
        // Python's) also take a bare LF, so this one does too: were it stricter than the upstream, a form could hide a
        // second model field from the gateway in what it reads as one part's content.
        ByteBuf delimiter = Unpooled.copiedBuffer("\n--" + boundary, StandardCharsets.ISO_8859_1);
        int position;
        if (startsWith(body, 0, delimiter, 1)) {
            position = delimiter.readableBytes() - 1; // the first delimiter may open the body, with no line break before it
        } else {
            int found = nextDelimiter(body, delimiter, 0);
            if (found < 0) {
                throw invalid("The multipart body has no part delimited by its boundary.");
            }
            position = found + delimiter.readableBytes();
        }
        String model = null;
        Boolean stream = null;
        int modelStart = -1;
        int modelEnd = -1;
        Map<String, String> fields = new LinkedHashMap<>();
        long fileBytes = 0;
        while (true) {
            if (startsWith(body, position, "--")) {
                break; // the closing delimiter
            }
            int headStart = lineEnd(body, position);
            if (headStart < 0) {
                throw invalid("The multipart body is malformed: a boundary is not followed by a line break.");
            }
            int headLength = headLength(body, headStart);
            if (headLength < 0) {
                throw invalid("The multipart body is malformed: a part's headers do not end.");
            }
            String head = body.toString(headStart, headLength, StandardCharsets.UTF_8);
            String name = fieldName(head);
            // past the line break that ends the last header line and the empty line after it
            int contentStart = afterLineBreak(body, afterLineBreak(body, headStart + headLength));
            int delimiterAt = nextDelimiter(body, delimiter, contentStart);
            if (delimiterAt < 0) {
                throw invalid("The multipart body is malformed: its last part is not closed by the boundary.");
            }
            // the line break before the delimiter belongs to it, CR included
            int contentEnd = Math.max(contentStart, delimiterAt > 0 && body.getByte(delimiterAt - 1) == '\r' ? delimiterAt - 1 : delimiterAt);
            if ("model".equals(name) || "stream".equals(name)) {
                if (contentEnd - contentStart > MAX_FIELD_VALUE) {
                    throw invalid("The form field \"" + name + "\" is too long.", name);
                }
                String value = body.toString(contentStart, contentEnd - contentStart, StandardCharsets.UTF_8).trim();
                if ("model".equals(name)) {
                    if (model != null) {
                        throw invalid("The form field \"model\" appears more than once.", "model");
                    }
                    model = value;
                    modelStart = contentStart;
                    modelEnd = contentEnd;
                } else {
                    if (stream != null) {
                        throw invalid("The form field \"stream\" appears more than once.", "stream");
                    }
                    stream = "true".equalsIgnoreCase(value);
                }
            }
            if (isFile(head)) {
                fileBytes += contentEnd - contentStart;
            } else if (contentEnd - contentStart <= MAX_FIELD_VALUE) {
                fields.putIfAbsent(name, body.toString(contentStart, contentEnd - contentStart, StandardCharsets.UTF_8));
            }
            position = delimiterAt + delimiter.readableBytes();
        }
        if (model == null || model.isEmpty()) {
            throw invalid("The form names no model: add a \"model\" field naming one of the models GET /v1/models lists.", "model");
        }
        return new InspectedForm(body, model, Boolean.TRUE.equals(stream), modelStart, modelEnd, Map.copyOf(fields), fileBytes);
    }

    /** The form's short text fields (not files), first value of each name. */
    public Map<String, String> fields() {
        return fields;
    }

    /** How many bytes of files the form carries. */
    public long fileBytes() {
        return fileBytes;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    @Override
    public Buffer withModel(String upstreamModel) {
        if (upstreamModel.equals(model)) {
            return Buffer.buffer(body.duplicate());
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(body.slice(0, modelStart),
                Unpooled.wrappedBuffer(upstreamModel.getBytes(StandardCharsets.UTF_8)),
                body.slice(modelEnd, body.writerIndex() - modelEnd)));
    }

    /** The boundary parameter of a {@code multipart/form-data} content type. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "This endpoint takes a multipart/form-data body (a file and a \"model\" field).");
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
                String boundary = trimmed.substring(9);
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
                if (!boundary.isEmpty() && boundary.length() <= 70) {
                    return boundary;
                }
            }
        }
        throw invalid("The multipart/form-data content type names no valid boundary.");
    }

    /**
     * Where the line after {@code at} starts: past optional transport padding (spaces, tabs) and a CRLF or LF; -1 when
     * something else follows.
     */
    private static int lineEnd(ByteBuf body, int at) {
        int i = at;
        while (i < body.writerIndex() && (body.getByte(i) == ' ' || body.getByte(i) == '\t')) {
            i++;
        }
        return afterLineBreak(body, i);
    }

    /** Where the bytes after a CRLF or LF at {@code at} start; -1 when there is none. */
    private static int afterLineBreak(ByteBuf body, int at) {
        int i = at;
        if (i >= 0 && i < body.writerIndex() && body.getByte(i) == '\r') {
            i++;
        }
        return i >= 0 && i < body.writerIndex() && body.getByte(i) == '\n' ? i + 1 : -1;
    }

    /** The length of the part head starting at {@code start}, up to the line break before its empty line; -1 when it has none. */
    private static int headLength(ByteBuf body, int start) {
        int limit = Math.min(body.writerIndex(), start + MAX_PART_HEAD);
        for (int i = start; i < limit; i++) {
            if (body.getByte(i) == '\n') {
                int next = i + 1;
                if (next < limit && body.getByte(next) == '\r') {
                    next++;
                }
                if (next < limit && body.getByte(next) == '\n') {
                    return (i > start && body.getByte(i - 1) == '\r' ? i - 1 : i) - start;
                }
            }
        }
        return -1;
    }

    /** Whether a part is a file: it names a {@code filename}, or has a content type other than plain text. */
    private static boolean isFile(String head) {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("filename=") || lower.contains("filename*=")) {
            return true;
        }
        int type = lower.indexOf("content-type:");
        return type >= 0 && !lower.substring(type + 13).trim().startsWith("text/plain");
    }

    /** The {@code name} of a part, from its {@code Content-Disposition: form-data; name="…"} header. */
    static String fieldName(String head) {
        for (String line : head.split("\r?\n")) {
            if (line.regionMatches(true, 0, "content-disposition:", 0, 20)) {
                for (String parameter : line.substring(20).split(";")) {
                    String trimmed = parameter.trim();
                    if (trimmed.regionMatches(true, 0, "name=", 0, 5)) {
                        String name = trimmed.substring(5);
                        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                                ? name.substring(1, name.length() - 1) : name;
                    }
                }
            }
        }
        throw invalid("The multipart body is malformed: a part has no Content-Disposition name.");
    }

    /**
     * The next delimiter from {@code from}: the boundary at a line's start followed by {@code --} (the close) or a line
     * break; the boundary followed by anything else ({@code --XyZX}) is content, as every multipart parser takes it.
     */
    private static int nextDelimiter(ByteBuf body, ByteBuf delimiter, int from) {
        int at = from;
        int end = body.writerIndex();
        while (at < end) {
            // a line feed first, found component by component (a composite's getByte would search its components per byte)
            int found = body.forEachByte(at, end - at, ByteProcessor.FIND_LF);
            if (found < 0) {
                return -1;
            }
            int after = found + delimiter.readableBytes();
            if (startsWith(body, found, delimiter, 0) && (startsWith(body, after, "--") || lineEnd(body, after) >= 0)) {
                return found;
            }
            at = found + 1;
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf body, int at, String text) {
        return startsWith(body, at, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)), 0);
    }

    /** Whether {@code body} holds {@code prefix} (from its {@code skip}-th byte on) at {@code at}. */
    private static boolean startsWith(ByteBuf body, int at, ByteBuf prefix, int skip) {
        int length = prefix.readableBytes() - skip;
        return at + length <= body.writerIndex() && ByteBufUtil.equals(body, at, prefix, skip, length);
    }

    private static GatewayException invalid(String message) {
        return invalid(message, null);
    }

    private static GatewayException invalid(String message, String param) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, param);
    }

    @Override
    public String toString() {
        return "InspectedForm[model=" + model + ", stream=" + stream + ", " + body.readableBytes() + " bytes]";
    }
}
