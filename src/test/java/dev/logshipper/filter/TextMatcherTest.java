package dev.logshipper.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte-search shortcuts agree with the regex engine. */
class TextMatcherTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "null", textBlock = """
            GET /(healthz|readyz) ; GET /
            kube-probe/\\d+       ; kube-probe/
            abc?                  ; ab
            abc{0,2}              ; ab
            abc+                  ; abc
            GET|POST              ; ''
            (?i)get               ; ''
            a(b|c)|d              ; ''
            a[|]b                 ; a
            \\d+ ms               ; ''
            """)
    void thePrefixIsWhatEveryMatchStartsWith(String regex, String prefix) {
        assertEquals(prefix, TextMatcher.requiredPrefix(Pattern.compile(regex)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            GET /(healthz|readyz) ; x GET /readyz 200    ; true
            GET /(healthz|readyz) ; x GET /api 200       ; false
            GET /(healthz|readyz) ; x get /readyz 200    ; false
            GET|POST              ; POST /x              ; true
            abc?                  ; xaby                 ; true
            kube-probe/\\d+       ; UA kube-probe/1.29   ; true
            kube-probe/\\d+       ; UA kube-probe/x      ; false
            déjà                  ; c'était déjà vu      ; true
            """)
    void findAgreesWithTheRegexOnBytesAndStrings(String regex, String text, boolean expected) {
        Pattern pattern = Pattern.compile(regex);
        assertEquals(expected, pattern.matcher(text).find(), "the test itself");
        TextMatcher matcher = new TextMatcher(pattern);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, matcher.find(bytes, bytes.length));
        assertEquals(expected, matcher.find(text));
    }

    @Test
    void onlyTheGivenLengthOfTheBufferIsSearched() {
        byte[] bytes = "abc GET /healthz".getBytes(StandardCharsets.UTF_8);
        TextMatcher plain = new TextMatcher(Pattern.compile("GET /healthz"));
        assertTrue(plain.find(bytes, bytes.length));
        assertFalse(plain.find(bytes, bytes.length - 1));
    }
}
