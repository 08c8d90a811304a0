package dev.logshipper;

/** Process entry point: runs the {@link Cli} against the real streams and environment, and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err, System.getenv(), Shipper::run).run(args));
    }
}
