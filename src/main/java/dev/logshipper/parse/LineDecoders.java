package dev.logshipper.parse;

import com.fasterxml.jackson.core.JsonFactory;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;

/** Creates the decoder for an input's format (one per file: decoders keep scratch state). */
final class LineDecoders {

    /** Shared: Jackson's factory is thread-safe; the decoders use only its streaming parsers and generators. */
    private static final JsonFactory FACTORY = new JsonFactory();

    private LineDecoders() {
    }

    static LineDecoder create(InputConfig input) {
        Format format = input.format() == null ? Format.RAW : input.format();
        return switch (format) {
            case RAW -> new RawDecoder();
            case CRI -> new CriDecoder();
            case DOCKER -> new DockerDecoder(FACTORY);
            case JSON -> new JsonDecoder(FACTORY, input.name(), input.json());
        };
    }
}
