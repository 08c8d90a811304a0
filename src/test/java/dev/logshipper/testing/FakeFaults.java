package dev.logshipper.testing;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for {@link FakeCloudWatchLogs}: throttling, service errors, arbitrary typed errors,
 * connections cut mid-response, latency and credential rejection, each limited to some operations
 * (pass none to mean every operation).
 *
 * <p>Counted faults ("the next N calls") are consumed first-registered-first by matching calls, one
 * fault per call, atomically, so N concurrent calls see exactly N faults. Thread-safe.
 */
public final class FakeFaults {
    /** Where a cut connection happens relative to the operation itself. */
    public enum CutPoint {
        /** The request is dropped unprocessed: nothing is stored, the client sees a broken response. */
        BEFORE_PROCESSING,
        /** The request is processed (events stored) but the response is lost: the client must resend. */
        AFTER_PROCESSING
    }

    /** What the server does instead of (or around) answering normally. */
    sealed interface Action permits Fail, Cut {
    }

    /** Answer with this AWS error instead of running the operation. */
    record Fail(AwsServiceError error) implements Action {
    }

    /** Announce the full response length, write only part of it, then drop the connection. */
    record Cut(CutPoint point) implements Action {
    }

    private record CountedFault(Set<LogsOperation> operations, AtomicInteger remaining, Action action) {
    }

    private record OperationFault<T>(Set<LogsOperation> operations, T value) {
        boolean matches(LogsOperation op) {
            return operations.isEmpty() || operations.contains(op);
        }
    }

    private final CopyOnWriteArrayList<CountedFault> counted = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<OperationFault<Duration>> latencies = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<OperationFault<AwsServiceError>> credentialRejections =
            new CopyOnWriteArrayList<>();

    /** The next {@code n} matching calls fail with {@code ThrottlingException: Rate exceeded} (HTTP 400). */
    public FakeFaults throttleNext(int n, LogsOperation... operations) {
        return failNext(n, new AwsServiceError("ThrottlingException", 400, "Rate exceeded"), operations);
    }

    /**
     * The next {@code n} matching calls fail with {@code ServiceUnavailableException} and the given
     * status (AWS documents 500; load balancers answer 503).
     */
    public FakeFaults serviceUnavailableNext(int n, int httpStatus, LogsOperation... operations) {
        return failNext(n, new AwsServiceError("ServiceUnavailableException", httpStatus,
                "The service cannot complete the request."), operations);
    }

    /** The next {@code n} matching calls fail with an arbitrary AWS error (type as in {@code __type}). */
    public FakeFaults failNext(int n, String errorType, int httpStatus, String message,
            LogsOperation... operations) {
        return failNext(n, new AwsServiceError(errorType, httpStatus, message), operations);
    }

    private FakeFaults failNext(int n, AwsServiceError error, LogsOperation... operations) {
        return addCounted(n, new Fail(error), operations);
    }

    /** The next {@code n} matching calls get a truncated response followed by a closed connection. */
    public FakeFaults cutConnectionNext(int n, CutPoint point, LogsOperation... operations) {
        return addCounted(n, new Cut(point), operations);
    }

    /** Every matching call waits this long before it is handled; several latencies add up. */
    public FakeFaults addLatency(Duration latency, LogsOperation... operations) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        latencies.add(new OperationFault<>(set(operations), latency));
        return this;
    }

    /**
     * Until {@link #clearCredentialRejection()}, matching calls fail as if the credentials were bad:
     * {@code UnrecognizedClientException} ("The security token included in the request is invalid.")
     * or {@code AccessDeniedException} (not authorized), both HTTP 400 like AWS JSON services answer.
     */
    public FakeFaults rejectCredentials(String errorType, LogsOperation... operations) {
        String message = switch (errorType) {
            case "UnrecognizedClientException" -> "The security token included in the request is invalid.";
            case "AccessDeniedException" -> "User is not authorized to perform this operation";
            case "ExpiredTokenException" -> "The security token included in the request is expired";
            default -> "Credentials rejected";
        };
        credentialRejections.add(new OperationFault<>(set(operations), new AwsServiceError(errorType, 400, message)));
        return this;
    }

    public FakeFaults clearCredentialRejection() {
        credentialRejections.clear();
        return this;
    }

    /** Removes every fault, pending or persistent. */
    public void clear() {
        counted.clear();
        latencies.clear();
        credentialRejections.clear();
    }

    /** How many counted faults have not fired yet (lets tests await that a fault was consumed). */
    public int pending() {
        return counted.stream().mapToInt(f -> Math.max(0, f.remaining.get())).sum();
    }

    // ---------------------------------------------------------------- used by the server

    Duration latency(LogsOperation op) {
        Duration total = Duration.ZERO;
        for (OperationFault<Duration> latency : latencies) {
            if (latency.matches(op)) {
                total = total.plus(latency.value());
            }
        }
        return total;
    }

    Optional<AwsServiceError> credentialRejection(LogsOperation op) {
        return credentialRejections.stream().filter(r -> r.matches(op)).map(OperationFault::value).findFirst();
    }

    /** Consumes and returns the first pending counted fault that applies to {@code op}. */
    Optional<Action> take(LogsOperation op) {
        for (CountedFault fault : counted) {
            if (!fault.operations.isEmpty() && !fault.operations.contains(op)) {
                continue;
            }
            if (fault.remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) > 0) {
                if (fault.remaining.get() == 0) {
                    counted.remove(fault);
                }
                return Optional.of(fault.action);
            }
        }
        return Optional.empty();
    }

    private FakeFaults addCounted(int n, Action action, LogsOperation... operations) {
        if (n < 0) {
            throw new IllegalArgumentException("fault count must not be negative: " + n);
        }
        if (n > 0) {
            counted.add(new CountedFault(set(operations), new AtomicInteger(n), action));
        }
        return this;
    }

    private static Set<LogsOperation> set(LogsOperation... operations) {
        return operations.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(operations[0], operations));
    }
}
