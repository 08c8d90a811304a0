/**
 * Multiline joining, independent of line formats: a {@link dev.logshipper.multiline.MultilineJoiner} per
 * stream groups decoded lines into records following a {@link dev.logshipper.multiline.LineClassifier}
 * (user regexps, or the built-in {@code java}, {@code python} and {@code go} rules) within max lines/bytes.
 * Regexps run on a reusable {@link dev.logshipper.multiline.LineView} over the line's bytes.
 */
package dev.logshipper.multiline;
