package dev.tandem.pipelines.documentcompliance.steps.extract;

import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepState.ChunkItem;
import dev.tandem.functions.steps.StepState.Extracted;
import dev.tandem.functions.steps.analysis.Chunker;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Extract: reads the raw document (verifying its claim-check digest), normalizes it (NFC, LF), splits
 * it into chunks and writes the normalized text and the chunk manifest to S3.
 */
@Singleton
public class Extract {

    public static final String STEP = "Extract";

    private final Payloads payloads;
    private final JobTable jobs;

    public Extract(Payloads payloads, JobTable jobs) {
        this.payloads = payloads;
        this.jobs = jobs;
    }

    public Extracted run(WorkflowInput input, StepContext context) {
        Instant started = Instant.now();
        jobs.stepStarted(input.jobId(), STEP, started, JobStatus.RUNNING);
        byte[] raw = payloads.read(input.payload().uri());
        if (!Digests.sha256Hex(raw).equals(input.payload().sha256())) {
            throw new IntegrityException("raw document of job " + input.jobId() + " does not match its recorded SHA-256");
        }
        String normalized = Chunker.normalize(new String(raw, StandardCharsets.UTF_8));
        String prefix = "jobs/" + input.jobId() + "/";
        PayloadRef text = payloads.putText("normalized", prefix + "normalized.txt", normalized);
        List<ChunkItem> chunks = Chunker.split(normalized).stream()
                .map(c -> new ChunkItem(input.jobId(), text.uri(), c.index(), c.start(), c.end(), c.windowStart(), c.windowEnd(),
                        c.windowByteStart(), c.windowByteEnd()))
                .toList();
        PayloadRef manifest = payloads.putJson("chunks", prefix + "chunks.json", chunks);
        jobs.stepEnded(input.jobId(), STEP, started, Instant.now(), StepProgress.State.SUCCEEDED);
        return new Extracted(text, manifest, normalized.length(), chunks, context.function());
    }

    /** The stored document is not the one that was submitted. Not retried: the workflow fails the job. */
    public static final class IntegrityException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntegrityException(String message) {
            super(message);
        }
    }
}
