package dev.logshipper.enrich;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses the downward-API volume files {@code labels} and {@code annotations}.
 *
 * <p>The kubelet writes them with {@code k8s.io/kubernetes/pkg/fieldpath.FormatMap}: keys sorted, each entry
 * {@code fmt.Sprintf("%v=%q\n", key, value)}, and the final newline trimmed. {@code %q} is Go's
 * {@code strconv.Quote}: the value is wrapped in double quotes; {@code "} and {@code \} get a backslash;
 * printable runes ({@code strconv.IsPrint}) stay as UTF-8; {@code \a \b \f \n \r \t \v} use their short
 * escapes; other runes below U+0020 and DEL become {@code \xHH}; other non-printable runes become
 * <code>&#92;uHHHH</code> or {@code \UHHHHHHHH}; and each byte that is not valid UTF-8 becomes {@code \xHH}.
 * This parser accepts exactly what Go's {@code strconv.Unquote} accepts for a double-quoted string (including
 * the octal {@code \NNN} form Quote never writes); {@code \x} and octal escapes stand for raw bytes, and the
 * value's bytes are finally decoded as UTF-8 with invalid sequences replaced by U+FFFD.
 *
 * <p>Keys are label/annotation keys (qualified names), which cannot contain {@code =}, so a line is split at its
 * first {@code =}. A line that does not follow the format is reported in {@link Result#malformed()} and
 * skipped; the rest of the file is still used.
 */
final class PodInfoFileParser {

    /** One line that could not be parsed; {@code lineNumber} counts from 1. */
    record MalformedLine(int lineNumber, String line, String reason) {
    }

    /** The entries in key order, and the lines that were skipped. */
    record Result(SortedMap<String, String> entries, List<MalformedLine> malformed) {
    }

    private PodInfoFileParser() {
    }

    static Result parse(byte[] content) {
        TreeMap<String, String> entries = new TreeMap<>();
        List<MalformedLine> malformed = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < content.length) {
            int end = indexOf(content, (byte) '\n', start, content.length);
            if (end < 0) {
                end = content.length;
            }
            lineNumber++;
            int lineEnd = end;
            if (lineEnd > start && content[lineEnd - 1] == '\r') {
                lineEnd--; // tolerate CRLF from hand-made files; the kubelet never writes a raw CR.
            }
            if (lineEnd > start) {
                String error = parseLine(content, start, lineEnd, entries);
                if (error != null) {
                    malformed.add(new MalformedLine(lineNumber, decode(content, start, lineEnd), error));
                }
            }
            start = end + 1;
        }
        return new Result(Collections.unmodifiableSortedMap(entries), List.copyOf(malformed));
    }

    /** Returns null on success, else why the line is malformed. */
    private static String parseLine(byte[] b, int start, int end, TreeMap<String, String> into) {
        int eq = indexOf(b, (byte) '=', start, end);
        if (eq < 0) {
            return "no '=' between key and value";
        }
        if (eq == start) {
            return "empty key";
        }
        if (end - (eq + 1) < 2 || b[eq + 1] != '"' || b[end - 1] != '"') {
            return "value is not a double-quoted string";
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream(end - eq);
        String error = unquote(b, eq + 2, end - 1, value);
        if (error != null) {
            return error;
        }
        into.put(decode(b, start, eq), decode(value.toByteArray(), 0, value.size()));
        return null;
    }

    /**
     * Decodes the inside of a Go double-quoted string, {@code b[from, to)}, into raw bytes.
     * Mirrors {@code strconv.UnquoteChar} for {@code quote == '"'}.
     */
    static String unquote(byte[] b, int from, int to, ByteArrayOutputStream out) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                return "unescaped '\"' inside the value";
            }
            if (c != '\\') {
                out.write(c);
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return "value ends with a lone backslash";
            }
            int e = b[i + 1] & 0xFF;
            i += 2;
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write(0x08);
                case 'f' -> out.write(0x0C);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > to) {
                        return "\\" + (char) e + " needs " + digits + " hex digits";
                    }
                    long v = 0;
                    for (int k = 0; k < digits; k++) {
                        int d = Character.digit(b[i + k] & 0xFF, 16);
                        if (d < 0) {
                            return "\\" + (char) e + " needs " + digits + " hex digits";
                        }
                        v = (v << 4) | d;
                    }
                    i += digits;
                    if (e == 'x') {
                        out.write((int) v); // a raw byte, as in Go
                    } else {
                        if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
                            return "escape is not a valid Unicode code point";
                        }
                        byte[] utf8 = Character.toString((int) v).getBytes(StandardCharsets.UTF_8);
                        out.write(utf8, 0, utf8.length);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > to) {
                        return "octal escape needs 3 digits";
                    }
                    int v = e - '0';
                    for (int k = 0; k < 2; k++) {
                        int d = (b[i + k] & 0xFF) - '0';
                        if (d < 0 || d > 7) {
                            return "octal escape needs 3 digits";
                        }
                        v = (v << 3) | d;
                    }
                    if (v > 255) {
                        return "octal escape above \\377";
                    }
                    i += 2;
                    out.write(v);
                }
                default -> {
                    return "unknown escape \\" + (char) e;
                }
            }
        }
        return null;
    }

    /** UTF-8 with every malformed sequence replaced by U+FFFD. */
    private static String decode(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte target, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
