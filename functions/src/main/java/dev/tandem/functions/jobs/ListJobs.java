package dev.tandem.functions.jobs;

import dev.tandem.contracts.api.JobList;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobSummary;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.functions.http.ApiException;
import dev.tandem.functions.http.ApiRequest;
import dev.tandem.functions.http.ApiResponse;
import dev.tandem.functions.http.Caller;
import dev.tandem.functions.http.PageCursors;
import dev.tandem.functions.http.Requests;
import dev.tandem.functions.http.Role;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /v1/jobs}: jobs newest first, filtered by pipeline, status and creation time; submitters see their own
 * (the {@code byOwner} index), auditors and operators every job (the {@code byDay} index, one partition per UTC day
 * of the period). Never a scan. Pages end at {@code limit} jobs or after {@link #MAX_QUERIES} queries, whichever
 * comes first; {@code nextToken} continues (a page may hold fewer jobs than the limit and still have a next one).
 */
@Singleton
public class ListJobs {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(92);
    /** Queries one request may make; bounds its latency whatever the filters skip. */
    static final int MAX_QUERIES = 40;

    private final JobTable jobs;
    private final PageCursors cursors;
    private final Clock clock;

    public ListJobs(JobTable jobs, PageCursors cursors) {
        this(jobs, cursors, Clock.systemUTC());
    }

    ListJobs(JobTable jobs, PageCursors cursors, Clock clock) {
        this.jobs = jobs;
        this.cursors = cursors;
        this.clock = clock;
    }

    /** The query as asked: filters, the period, the page size. */
    private record Query(String pipeline, JobStatus status, Instant from, Instant to, int limit, String rawFrom, String rawTo) {
    }

    public ApiResponse list(ApiRequest request) {
        Caller caller = Requests.requireRole(request, Role.SUBMITTER, Role.AUDITOR);
        Map<String, String> params = request.queryParameters();
        Query query = parse(request, params, Requests.pageLimit(request, DEFAULT_LIMIT, MAX_LIMIT));
        boolean all = caller.has(Role.AUDITOR);
        String scope = String.join("|", "GET /v1/jobs", all ? "*" : "owner:" + caller.subject(), String.valueOf(query.pipeline()),
                String.valueOf(query.status()), String.valueOf(query.rawFrom()), String.valueOf(query.rawTo()));

        // Where this page starts: the top of the period, or where the cursor says (with the period the first page fixed).
        Instant from = query.from();
        Instant to = query.to();
        String day = all ? LocalDate.ofInstant(to, java.time.ZoneOffset.UTC).toString() : null;
        Map<String, AttributeValue> start = null;
        String token = params.get("nextToken");
        if (token != null) {
            Map<String, String> position = cursors.open(token, scope, "nextToken");
            from = Instant.parse(position.get("from"));
            to = Instant.parse(position.get("to"));
            day = position.get("day");
            if (position.containsKey("jobId")) {
                start = new HashMap<>(Map.of("jobId", AttributeValue.fromS(position.get("jobId")),
                        "createdAt", AttributeValue.fromS(position.get("createdAt"))));
                start.put(all ? Tables.Jobs.CREATED_DAY : Tables.Jobs.OWNER, AttributeValue.fromS(all ? day : caller.subject()));
            }
        }

        String firstDay = LocalDate.ofInstant(from, java.time.ZoneOffset.UTC).toString();
        List<JobSummary> page = new ArrayList<>();
        Map<String, String> next = null;
        int queries = 0;
        while (true) {
            if (queries == MAX_QUERIES) {
                next = position(from, to, day, start);
                break;
            }
            int wanted = query.limit() - page.size();
            boolean filtered = query.pipeline() != null || query.status() != null;
            JobTable.IndexPage result = jobs.page(all ? Tables.Jobs.BY_DAY : Tables.Jobs.BY_OWNER, all ? Tables.Jobs.CREATED_DAY : Tables.Jobs.OWNER, all ? day : caller.subject(),
                    from, to, query.pipeline(), query.status(), start, filtered ? Math.min(1000, wanted * 4) : wanted + 1);
            queries++;
            Map<String, AttributeValue> last = null;
            for (Map<String, AttributeValue> item : result.items()) {
                if (page.size() == query.limit()) {
                    break;
                }
                page.add(JobTable.summary(item));
                last = item;
            }
            if (page.size() == query.limit()) {
                // Stop after the last job returned, which may be before the end of DynamoDB's page.
                boolean more = result.lastKey() != null || result.items().indexOf(last) < result.items().size() - 1 || (all && !day.equals(firstDay));
                if (more) {
                    next = position(from, to, day, Map.of("jobId", last.get("jobId"), "createdAt", last.get("createdAt")));
                }
                break;
            }
            if (result.lastKey() != null) {
                start = result.lastKey();
                continue;
            }
            if (!all || day.equals(firstDay)) {
                break;
            }
            day = LocalDate.parse(day).minusDays(1).toString();
            start = null;
        }
        return ApiResponse.json(200, new JobList(page, next == null ? null : cursors.issue(scope, next)));
    }

    private static Map<String, String> position(Instant from, Instant to, String day, Map<String, AttributeValue> start) {
        Map<String, String> p = new HashMap<>(Map.of("from", from.toString(), "to", to.toString()));
        if (day != null) {
            p.put("day", day);
        }
        if (start != null) {
            p.put("jobId", start.get("jobId").s());
            p.put("createdAt", start.get("createdAt").s());
        }
        return p;
    }

    private Query parse(ApiRequest request, Map<String, String> params, int limit) {
        String pipeline = params.get("pipeline");
        if (pipeline != null && Pipelines.all().stream().noneMatch(p -> p.name().equals(pipeline))) {
            throw ApiException.invalidParameter("/queryStringParameters/pipeline", "pipeline must be one of the deployed pipelines: "
                    + String.join(", ", Pipelines.all().stream().map(p -> p.name()).toList()));
        }
        JobStatus status = null;
        if (params.get("status") != null) {
            try {
                status = JobStatus.valueOf(params.get("status"));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("/queryStringParameters/status", "status must be one of "
                        + String.join(", ", Arrays.stream(JobStatus.values()).map(Enum::name).toList()));
            }
        }
        Requests.Period period = Requests.period(request, clock.instant(), DEFAULT_PERIOD, MAX_PERIOD);
        return new Query(pipeline, status, period.from(), period.to(), limit, params.get("from"), params.get("to"));
    }
}
