package dev.logshipper.parse;

/** Format {@code raw}: the line is the message; no copy is made. */
final class RawDecoder implements LineDecoder {

    @Override
    public boolean decode(byte[] line, int offset, int length, DecodedLine out) {
        out.set(line, offset, length);
        return true;
    }
}
