package dev.tandem.cdk.app;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions: each names one resource (with the L1 resources inside it) and says why the rule
 * does not apply there. There are no stack-wide suppressions.
 */
public final class Nag {

    private Nag() {
    }

    public static void suppress(IConstruct resource, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(resource, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /**
     * The wildcard-permission rule, limited to the listed wildcard entries (cdk-nag's applies_to). In an
     * entry, {@code *} inside a {@code <...>} token stands for the token's generated suffix, e.g.
     * {@code Resource::<DataJobsTable*.Arn>/index/*}.
     */
    public static void suppressWildcard(IConstruct resource, String reason, String... appliesTo) {
        List<Object> entries = new ArrayList<>();
        for (String entry : appliesTo) {
            entries.add(RegexAppliesTo.builder().regex("/^" + toRegex(entry) + "$/").build());
        }
        NagSuppressions.addResourceSuppressions(resource, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(reason)
                .appliesTo(entries).build()), true);
    }

    private static String toRegex(String entry) {
        // Region and account are tokens in an environment-agnostic synth and literals in a targeted one.
        String region = "\u0001";
        String account = "\u0002";
        entry = entry.replace("<AWS::Region>", region).replace("<AWS::AccountId>", account);
        StringBuilder out = new StringBuilder();
        boolean inToken = false;
        for (char c : entry.toCharArray()) {
            if (c == '<') {
                inToken = true;
            } else if (c == '>') {
                inToken = false;
            }
            if (c == '\u0001') {
                out.append("(<AWS::Region>|[a-z0-9-]+)");
            } else if (c == '\u0002') {
                out.append("(<AWS::AccountId>|[0-9]{12})");
            } else if (c == '*' && inToken) {
                out.append("[A-Za-z0-9]*");
            } else if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
