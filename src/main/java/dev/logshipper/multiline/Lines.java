package dev.logshipper.multiline;

/** Small character tests shared by the built-in rules (cheaper than a regex for the common checks). */
final class Lines {
    private Lines() {
    }

    /** Starts with a space or a tab and has something else after. */
    static boolean isIndented(CharSequence line) {
        if (line.isEmpty() || (line.charAt(0) != ' ' && line.charAt(0) != '\t')) {
            return false;
        }
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Empty or whitespace only. */
    static boolean isBlank(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    static boolean startsWith(CharSequence line, String prefix) {
        if (line.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
