package dev.logshipper.multiline;

/** Multiline joining off: every line is its own record and is emitted at once. */
public final class NoJoinClassifier implements LineClassifier {

    public static final NoJoinClassifier INSTANCE = new NoJoinClassifier();

    private NoJoinClassifier() {
    }

    @Override
    public Decision classify(CharSequence line, boolean recordOpen) {
        return Decision.SINGLE;
    }
}
