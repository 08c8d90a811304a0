package dev.logshipper;

/** Command line entry point: {@code --config FILE}, {@code --check-config}, {@code --version}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("log-shipper");
    }
}
