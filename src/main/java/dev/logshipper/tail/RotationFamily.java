package dev.logshipper.tail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which file names are rotated generations of a live file, as logrotate names them: {@code app.log.1},
 * {@code app.log-20261207} and {@code app.log_old} (the live name, a separator, anything), and with logrotate's
 * {@code extension} option {@code app.1.log} and {@code app-20261207.log} (the stem, a separator, anything, the
 * extension), each possibly followed by a compression suffix. Compressed generations are never read.
 */
final class RotationFamily {
    private static final String SEPARATORS = ".-_";
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4", ".lzma", ".Z");

    private RotationFamily() {
    }

    /** True when {@code name} is a rotated name of the live file named {@code base} (in the same directory). */
    static boolean isRotatedName(String base, String name) {
        if (name.length() > base.length() + 1 && name.startsWith(base) && SEPARATORS.indexOf(name.charAt(base.length())) >= 0) {
            return true;
        }
        int dot = base.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        String stem = base.substring(0, dot);
        String extension = base.substring(dot);
        String plain = withoutCompressionSuffix(name);
        return plain.length() > stem.length() + extension.length() + 1 && plain.startsWith(stem)
                && SEPARATORS.indexOf(plain.charAt(stem.length())) >= 0 && plain.endsWith(extension);
    }

    /**
     * The live name a rotated name was made from, when it looks like one logrotate makes ({@code app.log.3},
     * {@code app.log-20261207}, {@code app.log-2026-12-07}, {@code app.3.log}, {@code app-20261207.log}, each possibly
     * compressed): the name with its number or date taken out. Null for a name that does not look rotated.
     */
    static String liveNameOf(String name) {
        String plain = withoutCompressionSuffix(name);
        Matcher suffixed = SUFFIXED.matcher(plain);
        if (suffixed.matches()) {
            return suffixed.group(1);
        }
        Matcher extension = EXTENSION.matcher(plain);
        return extension.matches() ? extension.group(1) + extension.group(2) : null;
    }

    /** A rotation number or date: digits, or digits with dashes and underscores (a date and a time). */
    private static final String ROTATION = "\\d+(?:[-_]\\d+)*";
    private static final Pattern SUFFIXED = Pattern.compile("(.+?)[.\\-_]" + ROTATION);
    private static final Pattern EXTENSION = Pattern.compile("(.+?)[.\\-_]" + ROTATION + "(\\.[^.]+)");

    /** True for names that end like a compressed file: such a generation is never read. */
    static boolean compressed(String name) {
        for (String suffix : COMPRESSED) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutCompressionSuffix(String name) {
        for (String suffix : COMPRESSED) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
