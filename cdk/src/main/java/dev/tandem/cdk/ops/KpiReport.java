package dev.tandem.cdk.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/kpis}: each pipeline's KPIs ({@code GET /v1/pipelines/{name}/kpis}) as a table, and a chart of their
 * trend (SVG: time to value p50 and p99, cost per job) to look at rather than read.
 */
public final class KpiReport {

    private KpiReport() {
    }

    /** The local stack's API, as {@code ./scripts/dev} wrote it down, with an auditor's token from its identity provider. */
    public static final class LocalApi {
        private final String api;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private String token;

        public LocalApi(Path endpointsFile) {
            if (!Files.exists(endpointsFile)) {
                throw new OpsException("no local stack is running (" + endpointsFile + " is missing): start it with ./scripts/dev");
            }
            try {
                this.api = Json.mapper().readTree(Files.readString(endpointsFile)).path("api").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode get(String path) {
            if (token == null) {
                token = send(path("/local/token/auditor"), null).path("token").asText();
            }
            return send(path(path), token);
        }

        private URI path(String path) {
            return URI.create(api + path);
        }

        private JsonNode send(URI uri, String bearer) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    JsonNode problem = Json.read(r.body(), JsonNode.class);
                    throw new OpsException("the local API answered " + r.statusCode() + ": " + problem.path("detail").asText(r.body()));
                }
                return Json.read(r.body(), JsonNode.class);
            } catch (IOException e) {
                throw new OpsException("the local API does not answer at " + api + ": is ./scripts/dev running?");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpsException("interrupted");
            }
        }
    }

    /** The KPIs of the named pipelines (every deployed one when none is named) over the period (the API's default when null). */
    public static List<PipelineKpis> fetch(LocalApi api, String pipeline, Instant from, Instant to) {
        List<String> names = new ArrayList<>();
        if (pipeline != null) {
            names.add(pipeline);
        } else {
            api.get("/v1/pipelines").path("pipelines").forEach(p -> names.add(p.path("name").asText()));
        }
        List<PipelineKpis> out = new ArrayList<>();
        for (String name : names) {
            StringBuilder query = new StringBuilder();
            if (from != null) {
                query.append(query.isEmpty() ? "?" : "&").append("from=").append(URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
            }
            if (to != null) {
                query.append(query.isEmpty() ? "?" : "&").append("to=").append(URLEncoder.encode(to.toString(), StandardCharsets.UTF_8));
            }
            out.add(Json.convert(api.get("/v1/pipelines/" + name + "/kpis" + query), PipelineKpis.class));
        }
        return out;
    }

    public static void print(PipelineKpis k, PrintStream out) {
        out.printf(Locale.ROOT, "Pipeline %s: %d jobs from %s to %s (prices %s as of %s)%n", k.pipeline(), k.jobs(), k.from(), k.to(),
                k.pricing().region(), k.pricing().asOf());
        out.println("  outcomes: " + k.outcomes());
        PipelineKpis.Latency t = k.timeToValue();
        out.printf(Locale.ROOT, "  time to value: p50 %s, p99 %s%s%n", seconds(t.p50Ms()), seconds(t.p99Ms()),
                t.targetMs() == null ? "" : " (target p99 " + seconds(t.targetMs()) + ": " + (Boolean.TRUE.equals(t.withinTarget()) ? "met" : "MISSED") + ")");
        PipelineKpis.Cost c = k.cost();
        out.printf(Locale.ROOT, "  cost: $%.6f per job (p99 $%.6f), $%.6f in all%s%n", c.perJobUsd(), c.p99PerJobUsd(), c.totalUsd(),
                c.targetPerJobUsd() == null ? "" : " (target $" + c.targetPerJobUsd() + " per job: "
                        + (Boolean.TRUE.equals(c.withinTarget()) ? "met" : "MISSED") + ")");
        c.parts().forEach((part, usd) -> out.printf(Locale.ROOT, "    %-26s $%.6f%n", part, usd));
        PipelineKpis.ReviewQuality r = k.reviews();
        out.printf(Locale.ROOT, "  reviews: %d (%d approved, %d rejected, %d timed out)%s%s%n", r.reviewed(), r.approved(), r.rejected(),
                r.timedOut(), r.p50WaitMs() == null ? "" : ", wait p50 " + seconds(r.p50WaitMs()),
                r.riskAdjustedAccuracy() == null ? "" : String.format(Locale.ROOT, ", risk-adjusted accuracy %.3f", r.riskAdjustedAccuracy()));
        if (r.sampled() > 0) {
            out.printf(Locale.ROOT, "  sampled checks of automatic outcomes: %d, %d overturned (overturn rate %.3f)%n", r.sampled(), r.overturned(),
                    r.overturnRate());
        }
        PipelineKpis.Models m = k.models();
        if (m != null && m.jobs() > 0) {
            out.printf(Locale.ROOT, "  models: %d invocations (%.1f per job), %d tokens in, %d out (%.1f per job) over %d jobs; by version %s,"
                    + " by policy bundle %s%n", m.invocations(), m.invocationsPerJob(), m.inputTokens(), m.outputTokens(), m.tokensPerJob(), m.jobs(),
                    m.jobsByModelVersion(), m.jobsByPolicyBundle());
        }
        PipelineKpis.Drift d = k.drift();
        if (d != null) {
            out.printf(Locale.ROOT, "  outcome drift: PSI %.3f against the window before (%d jobs): %s%s%n", d.psi(),
                    d.baseline().values().stream().mapToLong(Long::longValue).sum(), d.note(), d.signal() ? "  <-- DRIFT" : "");
            if (d.features() != null) {
                out.printf(Locale.ROOT, "  feature drift: PSI %.3f (%d features before, %d now): %s%s%n", d.features().psi(),
                        d.features().baseline().values().stream().mapToLong(Long::longValue).sum(),
                        d.features().current().values().stream().mapToLong(Long::longValue).sum(), d.features().note(),
                        d.features().signal() ? "  <-- DRIFT" : "");
            }
            if (d.releases() != null) {
                d.releases().forEach(rel -> out.printf(Locale.ROOT, "    release %s / %s: %d jobs against %d (%s): outcome PSI %.3f, feature PSI %.3f: %s%s%n",
                        rel.modelVersion(), rel.policyBundle(), rel.jobs(), rel.baselineJobs(), rel.against(), rel.outcomePsi(), rel.featurePsi(),
                        rel.note(), rel.signal() ? "  <-- DRIFT" : ""));
            }
        }
        out.printf(Locale.ROOT, "  %-14s %-9s %11s %9s %9s %9s %12s%n", "step", "placement", "invocations", "p50", "p99", "SLO", "GB-s");
        k.steps().forEach((step, s) -> out.printf(Locale.ROOT, "  %-14s %-9s %11d %9s %9s %9s %12.3f%s%n", step, s.placement(), s.invocations(),
                seconds(s.p50Ms()), seconds(s.p99Ms()), s.sloMs() == null ? "-" : seconds(s.sloMs()), s.gbSeconds(),
                Boolean.FALSE.equals(s.withinSlo()) ? "  <-- over its SLO" : ""));
        out.println();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /**
     * The trend as an SVG chart: time to value (p50, p99; left axis, seconds) and cost per job (bars; right axis, USD).
     * Written here, a few dozen lines, rather than with a charting library: the chart is two series on one time axis.
     */
    public static String svg(PipelineKpis k) {
        int width = 760;
        int height = 320;
        int left = 70;
        int right = 80;
        int top = 40;
        int bottom = 50;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        List<PipelineKpis.TrendPoint> points = k.trend();
        double maxSeconds = Math.max(0.001, points.stream().mapToLong(PipelineKpis.TrendPoint::p99Ms).max().orElse(1) / 1000.0) * 1.1;
        double maxCost = Math.max(1e-9, points.stream().mapToDouble(PipelineKpis.TrendPoint::costPerJobUsd).max().orElse(0)) * 1.1;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s: time to value and cost per job "
                + "(%d jobs, prices %s %s)</text>%n", left, escape(k.pipeline()), k.jobs(), escape(k.pricing().region()), k.pricing().asOf()));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + plotH, left + plotW, top + plotH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + plotH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left + plotW, top, left + plotW, top + plotH));
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f s</text>%n", left - 6, y + 4, maxSeconds * i / 4));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">$%.5f</text>%n", left + plotW + 6, y + 4, maxCost * i / 4));
        }
        int n = points.size();
        double step = n <= 1 ? plotW : plotW / (double) n;
        StringBuilder p50 = new StringBuilder();
        StringBuilder p99 = new StringBuilder();
        for (int i = 0; i < n; i++) {
            PipelineKpis.TrendPoint p = points.get(i);
            double x = left + step * i + step / 2;
            double barH = plotH * p.costPerJobUsd() / maxCost;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c7d7ee\"><title>%s: %d jobs, $%.6f per job</title></rect>%n",
                    x - step * 0.35, top + plotH - barH, step * 0.7, barH, p.from(), p.jobs(), p.costPerJobUsd()));
            p50.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, top + plotH - plotH * p.p50Ms() / 1000.0 / maxSeconds));
            p99.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, top + plotH - plotH * p.p99Ms() / 1000.0 / maxSeconds));
        }
        s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\"/>%n", p50));
        s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#d9480f\" stroke-width=\"2\"/>%n", p99));
        if (k.timeToValue().targetMs() != null && k.timeToValue().targetMs() / 1000.0 <= maxSeconds) {
            double y = top + plotH - plotH * k.timeToValue().targetMs() / 1000.0 / maxSeconds;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9480f\" stroke-dasharray=\"6 4\"/>%n",
                    left, y, left + plotW, y));
        }
        if (n > 0) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left, top + plotH + 18, points.getFirst().from()));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left + plotW, top + plotH + 18,
                    points.getLast().from()));
        }
        int legend = top + plotH + 38;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"#1f5fbf\"/><text x=\"%d\" y=\"%d\">time to value p50</text>%n",
                left, legend - 4, left + 20, legend));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"#d9480f\"/><text x=\"%d\" y=\"%d\">p99 (dashed: target)</text>%n",
                left + 160, legend - 4, left + 180, legend));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"#c7d7ee\"/><text x=\"%d\" y=\"%d\">cost per job (right axis)</text>%n",
                left + 330, legend - 9, left + 350, legend));
        s.append("</svg>\n");
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Prints each pipeline's figures and writes its chart to {@code dir/kpis-<pipeline>.svg}; the charts written. */
    public static List<Path> report(List<PipelineKpis> all, Path dir, PrintStream out) {
        List<Path> charts = new ArrayList<>();
        for (PipelineKpis k : all) {
            print(k, out);
            Path chart = dir.resolve("kpis-" + k.pipeline() + ".svg");
            try {
                Files.createDirectories(dir);
                Files.writeString(chart, svg(k), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OpsException("cannot write the chart " + chart + ": " + e.getMessage());
            }
            out.println("  chart: " + chart);
            charts.add(chart);
        }
        return charts;
    }
}
