package dev.logshipper.filter;

import dev.logshipper.config.ShipperConfig.AddConfig;
import dev.logshipper.config.ShipperConfig.DropConfig;
import dev.logshipper.config.ShipperConfig.FilterConfig;
import dev.logshipper.config.ShipperConfig.InputConfig;
import dev.logshipper.config.ShipperConfig.KeepConfig;
import dev.logshipper.config.ShipperConfig.RedactConfig;
import dev.logshipper.config.ShipperConfig.RemoveConfig;
import dev.logshipper.config.ShipperConfig.RenameConfig;
import dev.logshipper.config.ShipperConfig.ThrottleConfig;
import dev.logshipper.filter.FilterListener.Count;
import dev.logshipper.record.RecordSink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The filters of one input, compiled once at start from its validated config: patterns, counters (one per filter and
 * reason, so labels are fixed by the config) and throttles (shared by the input's files). {@link #open} gives each
 * file its own instances, since matchers and scratch views belong to one thread.
 *
 * <p>{@code add} is not part of the chain: its fields are written by the envelope (the enrich stage renders them per
 * file), so it acts last wherever it is listed.
 */
final class FilterChain {

    private final String input;
    private final List<Supplier<RecordFilter>> filters = new ArrayList<>();

    FilterChain(InputConfig config, FilterListener listener, LongSupplier nanoClock) {
        this.input = config.name();
        List<FilterConfig> configs = config.filters();
        for (int i = 0; i < configs.size(); i++) {
            FilterConfig f = configs.get(i);
            String label = "filters[" + i + "]." + f.kind();
            switch (f) {
                case KeepConfig k -> {
                    Count noMatch = listener.filtered(input, label, "no_match");
                    Count missing = listener.filtered(input, label, "missing_field");
                    filters.add(() -> KeepDropFilter.keep(condition(k.message().orElse(null), k.field().orElse(null),
                            k.pattern().orElse(null), k.stream().orElse(null)), noMatch, missing));
                }
                case DropConfig d when !d.level().isEmpty() -> {
                    Count dropped = listener.filtered(input, label, "level");
                    filters.add(() -> d.levelPattern().isPresent()
                            ? LevelDropFilter.byPattern(d.level(), d.levelPattern().get(), dropped)
                            : LevelDropFilter.byField(d.level(),
                                    d.levelField().orElse(DropConfig.DEFAULT_LEVEL_FIELD), dropped));
                }
                case DropConfig d -> {
                    Count dropped = listener.filtered(input, label, "match");
                    filters.add(() -> KeepDropFilter.drop(condition(d.message().orElse(null), d.field().orElse(null),
                            d.pattern().orElse(null), d.stream().orElse(null)), dropped));
                }
                case RedactConfig r -> {
                    List<Redaction> redactions = redactions(r);
                    List<Count> counts = redactions.stream().map(x -> listener.redactions(input, x.name())).toList();
                    filters.add(() -> new RedactFilter(new Redactor(redactions, counts)));
                }
                case RenameConfig r -> filters.add(() -> new RenameFilter(r.fields()));
                case RemoveConfig r -> filters.add(() -> new RemoveFilter(r.fields()));
                case ThrottleConfig t -> {
                    Throttle throttle = new Throttle(t, nanoClock);
                    Count dropped = listener.filtered(input, label, "rate");
                    String what = "input " + input + ": " + label;
                    filters.add(() -> new ThrottleFilter(throttle, dropped, what));
                }
                case AddConfig a -> {
                    // written by the envelope (see the class comment)
                }
            }
        }
    }

    /** Whether the input has filters that act on records (else its files need no filter stage). */
    boolean isEmpty() {
        return filters.isEmpty();
    }

    /** The filter stage of one file, in front of {@code next}. */
    RecordSink open(RecordSink next) {
        RecordFilter[] instances = filters.stream().map(Supplier::get).toArray(RecordFilter[]::new);
        return new FilterStage(instances, next);
    }

    private static Condition condition(Pattern message, String field, Pattern pattern, String stream) {
        if (message != null) {
            return Condition.message(message);
        }
        if (field != null) {
            return Condition.field(field, pattern);
        }
        return Condition.stream(stream);
    }

    private static List<Redaction> redactions(RedactConfig config) {
        List<Redaction> out = new ArrayList<>();
        config.builtin().forEach(name -> out.add(BuiltinRedactions.named(name)));
        config.patterns().forEach((name, pattern) -> out.add(Redaction.user(name, pattern)));
        return List.copyOf(out);
    }
}
