package dev.tandem.functions.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tandem.functions.jobs.SubmitJobHandler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs in a fresh JVM on the shaded Lambda jar, configured only through system properties as the
 * Lambda environment would be: measures JVM start to the first handled {@code POST /v1/jobs}, then
 * warm latencies. Prints {@code key=value} lines for {@link FunctionsBench}.
 */
public final class ColdStartChild {

    private ColdStartChild() {
    }

    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long initStart = System.currentTimeMillis();
        SubmitJobHandler handler = new SubmitJobHandler();
        long initDone = System.currentTimeMillis();
        APIGatewayProxyResponseEvent first = handler.handleRequest(event(), null);
        long firstDone = System.currentTimeMillis();
        if (first.getStatusCode() != 202) {
            throw new IllegalStateException("first request failed: " + first.getStatusCode() + " " + first.getBody());
        }
        double[] latencies = new double[warm];
        for (int i = 0; i < warm; i++) {
            long t0 = System.nanoTime();
            APIGatewayProxyResponseEvent r = handler.handleRequest(event(), null);
            latencies[i] = (System.nanoTime() - t0) / 1e6;
            if (r.getStatusCode() != 202) {
                throw new IllegalStateException("warm request failed: " + r.getStatusCode() + " " + r.getBody());
            }
        }
        Arrays.sort(latencies);
        System.out.println("jvmToInitMs=" + (initStart - jvmStart));
        System.out.println("initMs=" + (initDone - initStart));
        System.out.println("firstRequestMs=" + (firstDone - initDone));
        System.out.println("coldStartMs=" + (firstDone - jvmStart));
        System.out.println("warmP50Ms=" + percentile(latencies, 50));
        System.out.println("warmP99Ms=" + percentile(latencies, 99));
        handler.close();
        System.exit(0);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static APIGatewayProxyRequestEvent event() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "bench-user");
        claims.put("cognito:groups", "submitter");
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId(UUID.randomUUID().toString());
        context.setAuthorizer(new HashMap<>(Map.of("claims", claims)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/v1/jobs").withResource("/v1/jobs")
                .withHeaders(Map.of("Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString()))
                .withRequestContext(context)
                .withBody("{\"pipeline\":\"example\",\"purpose\":\"support-kb\",\"document\":{\"text\":\"Ticket 48213: customer cannot log in; contact maria.gonzalez@example.org\"}}");
    }
}
