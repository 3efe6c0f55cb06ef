package dev.tandem.contracts.infra;

import dev.tandem.contracts.infra.TableSpec.Index;
import dev.tandem.contracts.infra.TableSpec.Key;
import java.util.List;

/** Every DynamoDB table of Tandem. */
public final class Tables {

    /**
     * One item per job. {@code byOwner} lists a submitter's jobs by creation time; {@code byDay} lists every job of a
     * UTC day ({@code createdDay}, e.g. 2026-12-01) by creation time, so listing all jobs of a period queries one
     * partition per day instead of scanning the table.
     */
    public static final TableSpec JOBS = new TableSpec("jobs", Key.s("jobId"), null,
            List.of(new Index(Jobs.BY_OWNER, Key.s(Jobs.OWNER), Key.s(Jobs.CREATED_AT), Jobs.LISTED),
                    new Index(Jobs.BY_DAY, Key.s(Jobs.CREATED_DAY), Key.s(Jobs.CREATED_AT), Jobs.LISTED)), null);

    /** The jobs table's index names and key attributes. */
    public static final class Jobs {
        public static final String BY_OWNER = "byOwner";
        public static final String BY_DAY = "byDay";
        public static final String OWNER = "owner";
        public static final String CREATED_AT = "createdAt";
        /** The UTC day of creation, e.g. 2026-12-01. */
        public static final String CREATED_DAY = "createdDay";
        /**
         * What the list indexes carry besides their keys: what a job list shows. Not its progress or times, which
         * change with every step: projecting them would write both indexes on every progress update.
         */
        public static final List<String> LISTED = List.of("pipeline", "status", Jobs.ATTRIBUTES);
        /** The job's attributes (a map), which the job record and the lists carry. */
        public static final String ATTRIBUTES = "attributes";

        private Jobs() {
        }
    }

    /**
     * One item per (caller, Idempotency-Key), expiring 24 h after the first request. The key is
     * scoped to the caller so that two clients cannot collide on, or probe, each other's keys.
     */
    public static final TableSpec IDEMPOTENCY = new TableSpec("idempotency", Key.s("idempotencyKey"), null, List.of(), "expiresAt");

    /** The agent's durable case per (job, step). */
    public static final TableSpec CASES = new TableSpec("cases", Key.s("caseId"), null, List.of(), null);

    /** Append-only audit events: partition per job, sort by gap-free sequence. */
    public static final TableSpec AUDIT = new TableSpec("audit", Key.s("jobId"), Key.n("sequence"), List.of(), null);

    /** Lineage adjacency list; the reverse index answers "which jobs used model X / policy Y". */
    public static final TableSpec LINEAGE = new TableSpec("lineage", Key.s("pk"), Key.s("sk"),
            List.of(new Index("reverse", Key.s("gsi1pk"), Key.s("gsi1sk"))), null);

    /**
     * Human review items; the status index is the review queue. Only a sample not yet checked carries
     * {@link Reviews#PURGE_AT}: it is purged {@link Reviews#SAMPLE_RETENTION} after it was made; a decision review, and a
     * checked sample, are kept.
     */
    public static final TableSpec REVIEWS = new TableSpec("reviews", Key.s("reviewId"), null,
            List.of(new Index("byStatus", Key.s("status"), Key.s("createdAt"))), Reviews.PURGE_AT);

    /**
     * Each ended job's KPIs, by pipeline and creation time ({@code createdJob}: the job's creation instant with nine
     * fraction digits, {@code #}, the job id; a redriven job's later measure replaces the earlier), so a pipeline's
     * KPIs over a period are one query; kept 400 days.
     */
    public static final TableSpec KPIS = new TableSpec("kpis", Key.s(Kpis.PIPELINE), Key.s(Kpis.CREATED_JOB), List.of(), Kpis.EXPIRES_AT);

    /** The review table's attributes that other code names. */
    public static final class Reviews {
        /** Epoch seconds when an unchecked sample goes (DynamoDB's time to live). */
        public static final String PURGE_AT = "purgeAt";
        public static final java.time.Duration SAMPLE_RETENTION = java.time.Duration.ofDays(30);

        private Reviews() {
        }
    }

    /** The KPI table's attributes. */
    public static final class Kpis {
        public static final String PIPELINE = "pipeline";
        public static final String CREATED_JOB = "createdJob";
        /** The job's {@code JobKpis} as JSON. */
        public static final String KPIS = "kpis";
        public static final String EXPIRES_AT = "expiresAt";
        public static final java.time.Duration RETENTION = java.time.Duration.ofDays(400);

        private Kpis() {
        }
    }

    public static final List<TableSpec> ALL = List.of(JOBS, IDEMPOTENCY, CASES, AUDIT, LINEAGE, REVIEWS, KPIS);

    private Tables() {
    }
}
