package dev.logshipper.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineViewTest {

    private final LineView view = new LineView();

    @Test
    void asciiIsReadInPlace() {
        byte[] b = "xx\tat Foo.bar(Foo.java:1)yy".getBytes(StandardCharsets.US_ASCII);
        view.reset(b, 2, b.length - 4);
        assertTrue(view.isAscii());
        assertEquals("\tat Foo.bar(Foo.java:1)", view.toString());
        assertTrue(Pattern.compile("^\\s+at \\S+\\(").matcher(view).find());
    }

    @Test
    void nonAsciiIsDecodedIncludingSupplementaryCharacters() {
        String text = "héllo ✓ 😀 end";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        view.reset(b, 0, b.length);
        assertFalse(view.isAscii());
        assertEquals(text, view.toString());
        assertEquals(text.length(), view.length());
        assertTrue(Pattern.compile("✓ \\X end$").matcher(view).find());
        view.reset(b, 0, 1);
        assertTrue(view.isAscii(), "reset forgets the previous line");
        assertEquals("h", view.toString());
    }
}
