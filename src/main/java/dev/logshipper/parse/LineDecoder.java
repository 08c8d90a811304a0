package dev.logshipper.parse;

/** Decodes one line of one format. Implementations keep scratch state and serve one file. */
interface LineDecoder {

    /**
     * Decodes valid UTF-8 bytes into {@code out}.
     *
     * @return false when the line is not in the format (the caller then ships it raw and counts it)
     */
    boolean decode(byte[] line, int offset, int length, DecodedLine out);
}
