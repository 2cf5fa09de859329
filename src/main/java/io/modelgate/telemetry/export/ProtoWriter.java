package io.modelgate.telemetry.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol Buffers' wire format written forwards into one growable array that is kept from batch to batch. A nested
 * message's length is not known until its content is written: {@link #begin} leaves room for the length and
 * {@link #end} writes it there, moving the content when the length needs another size of room than was left. Values
 * equal to proto3's defaults (empty strings, zero numbers, false) are left out, as every protobuf encoder leaves them.
 * Not thread-safe: one batch at a time.
 */
final class ProtoWriter {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX_VALUES = new byte[128];

    static {
        Arrays.fill(HEX_VALUES, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            HEX_VALUES["0123456789abcdef".charAt(digit)] = (byte) digit;
            HEX_VALUES["0123456789ABCDEF".charAt(digit)] = (byte) digit;
        }
    }

    private byte[] bytes;
    private int position;

    ProtoWriter(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** Forgets what was written, keeping the array. */
    void reset() {
        position = 0;
    }

    int position() {
        return position;
    }

    byte[] array() {
        return bytes;
    }

    void tag(int field, int wireType) {
        varint((field << 3) | wireType);
    }

    void varint(long value) {
        ensure(10);
        position = putVarint(bytes, position, value);
    }

    /** Writes {@code value} as a varint into {@code bytes} at {@code at} (room known to be there); answers where it ends. */
    static int putVarint(byte[] bytes, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at++] = (byte) value;
        return at;
    }

    /** A {@code uint32}, {@code int64} or enum field; left out when zero. */
    void varintField(int field, long value) {
        if (value != 0) {
            writeVarint(field, value);
        }
    }

    /** A varint field written even when zero: a member of a {@code oneof}, whose presence is its meaning. */
    void writeVarint(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    /** A {@code fixed64} field (OTLP's times in nanoseconds); left out when zero. */
    void fixed64Field(int field, long value) {
        if (value != 0) {
            writeFixed64(field, value);
        }
    }

    private void writeFixed64(int field, long value) {
        tag(field, FIXED64);
        ensure(8);
        LONGS.set(bytes, position, value);
        position += 8;
    }

    /** A {@code fixed32} field (OTLP's span flags); left out when zero. */
    void fixed32Field(int field, int value) {
        if (value != 0) {
            tag(field, FIXED32);
            ensure(4);
            INTS.set(bytes, position, value);
            position += 4;
        }
    }

    /** A {@code double} field written even when zero (OTLP has doubles only in a {@code oneof}). */
    void writeDouble(int field, double value) {
        writeFixed64(field, Double.doubleToRawLongBits(value));
    }

    /** A {@code string} field in UTF-8; left out when empty. */
    void stringField(int field, String value) {
        int length = value.length();
        if (length == 0) {
            return;
        }
        tag(field, LENGTH_DELIMITED);
        if (ascii(value, length)) {
            varint(length);
            ensure(length);
            copyAscii(value, length);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            write(utf8, 0, utf8.length);
        }
    }

    @SuppressWarnings("deprecation") // the one bulk copy of a String's low bytes, right for ASCII as checked above
    private void copyAscii(String value, int length) {
        value.getBytes(0, length, bytes, position);
        position += length;
    }

    private static boolean ascii(String value, int length) {
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code bytes} field holding the id {@code hex} spells (a trace id's 32 hex digits, a span id's 16), as OTLP
     * carries ids; left out when {@code hex} is empty.
     */
    void hexIdField(int field, String hex) {
        int length = hex.length() / 2;
        if (length == 0) {
            return;
        }
        tag(field, LENGTH_DELIMITED);
        varint(length);
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[position++] = (byte) (hexValue(hex.charAt(2 * i)) << 4 | hexValue(hex.charAt(2 * i + 1)));
        }
    }

    /** A {@code bytes} field holding a trace id: {@code high}'s eight bytes then {@code low}'s, big-endian. */
    void idField(int field, long high, long low) {
        tag(field, LENGTH_DELIMITED);
        varint(16);
        ensure(16);
        BIG_ENDIAN_LONGS.set(bytes, position, high);
        BIG_ENDIAN_LONGS.set(bytes, position + 8, low);
        position += 16;
    }

    /** A {@code bytes} field holding a span id: {@code id}'s eight bytes, big-endian. */
    void idField(int field, long id) {
        tag(field, LENGTH_DELIMITED);
        varint(8);
        ensure(8);
        BIG_ENDIAN_LONGS.set(bytes, position, id);
        position += 8;
    }

    private static int hexValue(char digit) {
        int value = digit < 128 ? HEX_VALUES[digit] : -1;
        if (value < 0) {
            throw new IllegalArgumentException("not a hex id: " + digit);
        }
        return value;
    }

    /**
     * Starts a nested message in {@code field}, leaving {@code lengthRoom} bytes for its length (1 holds up to 127
     * bytes, 2 up to 16 KiB, 3 up to 2 MiB): what {@link #end} is given back.
     */
    int begin(int field, int lengthRoom) {
        tag(field, LENGTH_DELIMITED);
        ensure(lengthRoom);
        int mark = position << 3 | lengthRoom; // where the length goes, and the room left for it
        position += lengthRoom;
        return mark;
    }

    /** Ends the nested message begun at {@code mark}: its length is written before it. */
    void end(int mark) {
        int lengthAt = mark >>> 3;
        int room = mark & 7;
        int contentAt = lengthAt + room;
        int length = position - contentAt;
        int size = varintSize(length);
        if (size != room) {
            ensure(size - room);
            System.arraycopy(bytes, contentAt, bytes, lengthAt + size, length);
            position += size - room;
        }
        putVarint(bytes, lengthAt, length);
    }

    /** A length-delimited field holding {@code content} (a message written before, or bytes), even when empty. */
    void bytesField(int field, byte[] content) {
        tag(field, LENGTH_DELIMITED);
        varint(content.length);
        write(content, 0, content.length);
    }

    void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
    }

    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }
}
