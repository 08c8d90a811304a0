package dev.logshipper.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logshipper.config.ShipperConfig.Format;
import dev.logshipper.config.ShipperConfig.InputConfig;

/** Creates the decoder for an input's format (one per file: decoders keep scratch state). */
final class LineDecoders {

    /** Shared: Jackson mappers and factories are thread-safe once configured. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LineDecoders() {
    }

    static LineDecoder create(InputConfig input) {
        Format format = input.format() == null ? Format.RAW : input.format();
        return switch (format) {
            case RAW -> new RawDecoder();
            case CRI -> new CriDecoder();
            case DOCKER -> new DockerDecoder(MAPPER.getFactory());
            case JSON -> new JsonDecoder(MAPPER, input.name(), input.json());
        };
    }
}
