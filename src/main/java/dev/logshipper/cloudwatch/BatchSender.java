package dev.logshipper.cloudwatch;

import dev.logshipper.cloudwatch.DeliveryListener.RetryReason;
import dev.logshipper.logging.RateLimitedLogger;
import dev.logshipper.record.RejectReason;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Delivers one sealed batch until CloudWatch has answered for every event in it, and reports each event's outcome.
 *
 * <ul>
 *   <li>HTTP 200: every event is delivered, except those named by {@code rejectedLogEventsInfo}, which are rejected
 *       (counted, logged, never retried).</li>
 *   <li>{@code ResourceNotFoundException}: create the stream (and the group, when allowed), then send again.</li>
 *   <li>{@code InvalidParameterException}: split the batch in halves until the offending event is alone, and reject
 *       only that one.</li>
 *   <li>Throttling, 5xx, I/O errors, timeouts: retry with full-jitter backoff, without limit. Bad credentials: retry
 *       slowly, with a clear log line. Nothing is ever dropped because a retry count ran out.</li>
 * </ul>
 * Returns only when every event is acknowledged, or throws {@link InterruptedException} at shutdown, leaving the rest
 * unacknowledged so the checkpoint keeps them for the next start.
 */
final class BatchSender {

    private static final System.Logger LOG = System.getLogger(BatchSender.class.getName());

    /** Sleeps between attempts; a seam so tests need not wait for real backoff. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;

        Sleeper REAL = Thread::sleep;
    }

    private final PutLogEventsTransport transport;
    private final LogGroupProvisioner provisioner;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final DeliveryListener listener;
    private final RateLimitedLogger warnings = new RateLimitedLogger(LOG, Duration.ofSeconds(10));
    private Runnable stepStarted = () -> { };

    BatchSender(PutLogEventsTransport transport, LogGroupProvisioner provisioner, Backoff backoff, Sleeper sleeper,
                DeliveryListener listener) {
        this.transport = transport;
        this.provisioner = provisioner;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Called on the sender thread before every bounded step of a delivery (one call, one backoff sleep), so liveness
     * can tell a thread that keeps retrying from one that hangs. Set once, before the sender threads start.
     */
    void onStepStarted(Runnable hook) {
        this.stepStarted = hook;
    }

    private void pause(long millis) throws InterruptedException {
        stepStarted.run();
        sleeper.sleep(millis);
    }

    void deliver(Batch batch) throws InterruptedException {
        batch.sortByTimestamp();
        deliverSorted(batch);
    }

    private void deliverSorted(Batch batch) throws InterruptedException {
        int attempt = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("shutdown while delivering to " + batch.destination);
            }
            stepStarted.run();
            long started = System.nanoTime();
            PutOutcome outcome;
            try {
                outcome = transport.put(batch);
            } catch (IOException | SdkException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("shutdown while delivering to " + batch.destination);
                }
                listener.retried(RetryReason.IO_ERROR, System.nanoTime() - started);
                warnings.log(Level.WARNING, "io", "PutLogEvents to " + batch.destination + " failed ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); retrying with backoff");
                pause(backoff.delayMillis(attempt++));
                continue;
            }
            long latency = System.nanoTime() - started;
            if (outcome instanceof PutOutcome.Accepted accepted) {
                listener.batchSent(batch.destination, batch.count(), batch.messageBytes(), latency);
                acknowledge(batch, accepted);
                return;
            }
            PutOutcome.Failed failed = (PutOutcome.Failed) outcome;
            String type = failed.errorType();
            if (type.equals(ErrorTypes.DATA_ALREADY_ACCEPTED)) {
                // Documented as never returned any more; if it is, the data is there.
                listener.batchSent(batch.destination, batch.count(), batch.messageBytes(), latency);
                acknowledge(batch, PutOutcome.Accepted.ALL);
                return;
            }
            if (type.equals(ErrorTypes.RESOURCE_NOT_FOUND)) {
                listener.retried(RetryReason.NOT_FOUND, latency);
                if (!ensureDestination(batch)) {
                    warnings.log(Level.ERROR, "missing:" + batch.destination.logGroup(), "log group "
                            + batch.destination.logGroup() + " does not exist and cloudwatch.autoCreate is false:"
                            + " create it, or set cloudwatch.autoCreate: true; holding its events and retrying");
                    pause(backoff.slowDelayMillis());
                }
                continue;
            }
            if (type.equals(ErrorTypes.INVALID_PARAMETER)) {
                isolateInvalid(batch, failed);
                return;
            }
            if (ErrorTypes.isCredentials(type)) {
                listener.retried(RetryReason.CREDENTIALS, latency);
                warnings.log(Level.ERROR, "credentials", "CloudWatch Logs refused our credentials: " + failed
                        + ". Check the IAM role (IRSA: the service account's eks.amazonaws.com/role-arn) and that it"
                        + " allows logs:PutLogEvents; holding the events and retrying slowly");
                pause(backoff.slowDelayMillis());
                continue;
            }
            RetryReason reason = type.contains("Throttl") || failed.httpStatus() == 429 ? RetryReason.THROTTLED
                    : failed.httpStatus() >= 500 ? RetryReason.SERVER_ERROR : RetryReason.OTHER;
            listener.retried(reason, latency);
            warnings.log(Level.WARNING, type, "PutLogEvents to " + batch.destination + " answered " + failed
                    + "; retrying with backoff");
            pause(backoff.delayMillis(attempt++));
        }
    }

    private boolean ensureDestination(Batch batch) throws InterruptedException {
        try {
            stepStarted.run();
            return provisioner.ensure(batch.destination);
        } catch (SdkException e) {
            warnings.log(Level.WARNING, "create", "could not create " + batch.destination + ": " + e.getMessage()
                    + "; retrying");
            pause(backoff.delayMillis(3));
            return true;
        }
    }

    /** Bisects until the refused event is alone; only that event is dropped, with its reason logged and counted. */
    private void isolateInvalid(Batch batch, PutOutcome.Failed failed) throws InterruptedException {
        if (batch.count() == 1) {
            RejectReason reason = failed.message().toLowerCase(java.util.Locale.ROOT).contains("too large")
                    ? RejectReason.TOO_LARGE : RejectReason.INVALID;
            warnings.log(Level.WARNING, "invalid", "CloudWatch refused one event (" + batch.length(0) + " bytes) for "
                    + batch.destination + ": " + failed.message() + "; dropped it as " + reason.label());
            listener.rejected(reason, 1);
            batch.ack(0).rejected(reason);
            return;
        }
        int mid = batch.count() / 2;
        deliverSorted(batch.slice(0, mid));
        deliverSorted(batch.slice(mid, batch.count()));
    }

    private void acknowledge(Batch batch, PutOutcome.Accepted accepted) {
        int n = batch.count();
        if (accepted.allAccepted()) {
            for (int i = 0; i < n; i++) {
                batch.ack(i).delivered();
            }
            return;
        }
        int tooOld = 0;
        int expired = 0;
        int tooNew = 0;
        for (int i = 0; i < n; i++) {
            RejectReason reason = null;
            if (i < accepted.tooOldEnd()) {
                reason = RejectReason.TOO_OLD;
                tooOld++;
            } else if (i < accepted.expiredEnd()) {
                reason = RejectReason.EXPIRED;
                expired++;
            } else if (accepted.tooNewStart() != PutOutcome.NONE && i >= accepted.tooNewStart()) {
                reason = RejectReason.TOO_NEW;
                tooNew++;
            }
            if (reason == null) {
                batch.ack(i).delivered();
            } else {
                batch.ack(i).rejected(reason);
            }
        }
        report(RejectReason.TOO_OLD, tooOld, batch);
        report(RejectReason.EXPIRED, expired, batch);
        report(RejectReason.TOO_NEW, tooNew, batch);
    }

    private void report(RejectReason reason, int count, Batch batch) {
        if (count > 0) {
            listener.rejected(reason, count);
            warnings.log(Level.WARNING, "rejected:" + reason.label(), "CloudWatch rejected " + count + " event(s) for "
                    + batch.destination + " as " + reason.label() + " (rejectedLogEventsInfo); they are not retried");
        }
    }
}
