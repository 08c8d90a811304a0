package dev.logshipper.names;

import java.nio.charset.StandardCharsets;

/**
 * CloudWatch Logs' rules for log group and log stream names, in one place: the configuration checks the fixed text of
 * a {@link NameTemplate} against them, and names rendered at run time are made to follow them, so a label value can
 * never make CreateLogGroup or PutLogEvents fail.
 *
 * <ul>
 * <li>Log group: 1..512 characters from {@code [.\-_/#A-Za-z0-9]}; a rendered name has every other character (code
 *     point) replaced by {@code _}. A name starting with {@code aws/} is reserved by AWS; a rendered one gets a leading
 *     {@code /} ({@code aws/x} becomes {@code /aws/x}, the form AWS's own container-insights groups use).</li>
 * <li>Log stream: 1..512 bytes of UTF-8 without {@code :} or {@code *}; a rendered name has those, control characters
 *     and lone surrogates replaced by {@code _}.</li>
 * <li>Rendered names are cut to 512 UTF-8 bytes at a character boundary; an empty result becomes
 *     {@link NameTemplate#MISSING_VALUE}.</li>
 * </ul>
 */
public final class CloudWatchNames {

    /** CreateLogGroup / CreateLogStream name length limit. */
    public static final int MAX_NAME_BYTES = 512;

    /** The prefix CloudWatch Logs reserves for AWS services' log groups. */
    static final String RESERVED_GROUP_PREFIX = "aws/";

    /** The characters {@link #isLogGroupChar} allows, as the configuration's error messages say it. */
    static final String LOG_GROUP_CHARS = "a-z A-Z 0-9 _ - / . #";

    private CloudWatchNames() {
    }

    /** Is {@code c} (a code point) allowed in a log group name? */
    static boolean isLogGroupChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
    }

    /** Is {@code c} (a code point) allowed in a log stream name as written by this shipper? */
    static boolean isLogStreamChar(int c) {
        return c != ':' && c != '*' && !Character.isISOControl(c) && !(c >= 0xD800 && c <= 0xDFFF);
    }

    /** {@code raw} made a valid log group name. */
    public static String logGroup(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 1);
        raw.codePoints().forEach(c -> out.append(isLogGroupChar(c) ? (char) c : '_'));
        if (out.indexOf(RESERVED_GROUP_PREFIX) == 0) {
            out.insert(0, '/');
        }
        return finish(out.toString());
    }

    /** {@code raw} made a valid log stream name. */
    public static String logStream(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            if (isLogStreamChar(c)) {
                out.appendCodePoint(c);
            } else {
                out.append('_');
            }
        });
        return finish(out.toString());
    }

    private static String finish(String name) {
        String cut = cutToUtf8Bytes(name, MAX_NAME_BYTES);
        return cut.isEmpty() ? NameTemplate.MISSING_VALUE : cut;
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding fits in {@code maxBytes}, never splitting a character. */
    static String cutToUtf8Bytes(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes || utf8Length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(c);
        }
        return s.substring(0, i);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
