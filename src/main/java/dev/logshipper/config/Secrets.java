package dev.logshipper.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which config values must not be printed and masks them, for {@code --check-config} output and error
 * messages (both end up in pod logs and CI output).
 *
 * <p>A value is secret when a word of its name is secret/token/password/credential(s), or when the name is a
 * "key" of an access kind (apiKey, accessKey, privateKey, secretKey, signingKey, or just {@code key}). Names such as
 * {@code messageKey} and {@code timeKey} are not secret: they name JSON fields, and masking them would make the
 * output useless for debugging a parse problem. {@code kmsKeyId} is not a credential but identifies the
 * account's key, so only its tail is shown.
 */
public final class Secrets {
    /** Printed instead of a secret value; fixed length so the value's length does not leak. */
    public static final String MASK = "********";
    private static final Set<String> SECRET_WORDS = Set.of("secret", "secrets", "token", "password", "passwd",
            "credential", "credentials");
    private static final Set<String> ACCESS_KEY_KINDS = Set.of("api", "access", "private", "secret", "signing", "auth");
    private static final int SHOWN_TAIL = 4;

    private Secrets() {
    }

    /** Whether a value named {@code name} (camelCase, snake_case or kebab-case) must be masked entirely. */
    public static boolean isSecretName(String name) {
        List<String> words = words(name);
        if (words.stream().anyMatch(SECRET_WORDS::contains)) {
            return true;
        }
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("key") && (i == 0 || ACCESS_KEY_KINDS.contains(words.get(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether only the tail of a value named {@code name} may be shown. */
    public static boolean isTailOnlyName(String name) {
        return name.equals("kmsKeyId");
    }

    /** {@code arn:aws:kms:...:key/1234abcd} becomes {@code ********abcd}. */
    public static String maskTail(String value) {
        return value.length() <= SHOWN_TAIL * 2 ? MASK : MASK + value.substring(value.length() - SHOWN_TAIL);
    }

    /** Masks a value by its name: entirely, tail-only, or not at all. */
    public static String maskByName(String name, String value) {
        if (isSecretName(name)) {
            return MASK;
        }
        return isTailOnlyName(name) ? maskTail(value) : value;
    }

    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1)));
            if (boundary && !word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
