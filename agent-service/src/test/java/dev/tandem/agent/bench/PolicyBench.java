package dev.tandem.agent.bench;

import dev.tandem.agent.policy.PolicyBundle;
import dev.tandem.agent.policy.PolicyGuard;
import dev.tandem.agent.support.FlagshipRequests;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.pipeline.FindingType;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code scripts/bench agent}: Cedar policy decisions per second on one thread with the default
 * bundle, cycling through the sample documents' inputs and purposes; and the latency distribution.
 * Prints figures; asserts nothing.
 */
public final class PolicyBench {

    private PolicyBench() {
    }

    public static void main(String[] args) {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        PolicyGuard guard = new PolicyGuard(PolicyBundle.load(FlagshipRequests.GOVERNED.bundle(), PolicyBench.class.getClassLoader()),
                "agent:bench", Clock.systemUTC());
        List<Set<FindingType>> documents = List.of(Set.of(), Set.of(FindingType.EMAIL, FindingType.PHONE),
                Set.of(FindingType.IBAN, FindingType.PAYMENT_CARD, FindingType.EMAIL, FindingType.PHONE),
                Set.of(FindingType.NATIONAL_ID, FindingType.EMAIL), Set.of(FindingType.IP_ADDRESS, FindingType.EMAIL));
        Purpose[] purposes = Purpose.values();
        String jobId = "3f2b8c1e-9d4a-4c6e-8f1a-2b3c4d5e6f70";
        PolicyRequest[] inputs = new PolicyRequest[documents.size() * purposes.length];
        int n = 0;
        for (Set<FindingType> types : documents) {
            for (Purpose purpose : purposes) {
                inputs[n++] = FlagshipRequests.request(jobId, "bench-user", List.of("submitter"), "acme",
                        purpose, DataClassification.INTERNAL, types, 0.4);
            }
        }
        for (int i = 0; i < 5_000; i++) {
            guard.decide(jobId, inputs[i % inputs.length]);
        }
        double[] micros = new double[decisions];
        long start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            long t0 = System.nanoTime();
            guard.decide(jobId, inputs[i % inputs.length]);
            micros[i] = (System.nanoTime() - t0) / 1e3;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "Cedar policy decisions, default bundle %s, one thread (%d decisions, %d distinct inputs):%n",
                guard.bundle().id(), decisions, inputs.length);
        System.out.printf(Locale.ROOT, "  %.0f decisions/s; latency p50 %.0f us, p99 %.0f us%n", decisions / seconds,
                micros[decisions / 2], micros[(int) (decisions * 0.99)]);
        System.out.println("  (each decision: entities built, Cedar evaluation through the native library, outcome mapping, input hash)");
    }
}
