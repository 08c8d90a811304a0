package dev.logshipper.multiline;

import dev.logshipper.config.ShipperConfig.MultilineConfig;
import dev.logshipper.config.ShipperConfig.MultilineRule;
import java.util.function.Supplier;

/** Picks the classifier for an input's multiline rule; each stream gets a fresh instance from the supplier. */
public final class LineClassifiers {
    private LineClassifiers() {
    }

    /**
     * @param inputName used in the error message only
     * @throws IllegalArgumentException when rule {@code regex} has neither pattern
     */
    public static Supplier<LineClassifier> forConfig(String inputName, MultilineConfig config) {
        MultilineRule rule = config == null || config.rule() == null ? MultilineRule.NONE : config.rule();
        return switch (rule) {
            case NONE -> () -> NoJoinClassifier.INSTANCE;
            case JAVA -> JavaStackTraceClassifier::new;
            case PYTHON -> PythonTracebackClassifier::new;
            case GO -> GoPanicClassifier::new;
            case REGEX -> {
                if (config.startPattern().isEmpty() && config.continuePattern().isEmpty()) {
                    throw new IllegalArgumentException("inputs[" + inputName + "].multiline.rule is 'regex' but neither"
                            + " multiline.startPattern nor multiline.continuePattern is set; set at least one");
                }
                var start = config.startPattern().orElse(null);
                var cont = config.continuePattern().orElse(null);
                yield () -> new RegexClassifier(start, cont);
            }
        };
    }
}
