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
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < entry.length()) {
            int open = entry.indexOf('<', i);
            if (open < 0) {
                out.append(literal(entry.substring(i)));
                break;
            }
            int close = entry.indexOf('>', open);
            out.append(literal(entry.substring(i, open))).append(token(entry.substring(open + 1, close)));
            i = close + 1;
        }
        return out.toString();
    }

    /**
     * A token: {@code <Name*.Attr>} ({@code Fn::GetAtt}) or {@code <Name*>} ({@code Ref}). A resource of another stack of
     * the stage (the platform's, from a pipeline's nested stack, or the reverse) appears as the nested stack's parameter,
     * {@code <referenceto...NameHashAttr>}, or as its output, {@code <NestedStackResource.Outputs....NameHashAttr>}: one
     * suppression covers the resource wherever it is referred to.
     */
    private static String token(String token) {
        // Region and account are tokens in an environment-agnostic synth and literals in a targeted one.
        switch (token) {
            case "AWS::Region" -> {
                return "(<AWS::Region>|[a-z0-9-]+)";
            }
            case "AWS::AccountId" -> {
                return "(<AWS::AccountId>|[0-9]{12})";
            }
            case "AWS::Partition" -> {
                return "<AWS::Partition>";
            }
            default -> {
            }
        }
        int dot = token.indexOf('.');
        String name = (dot < 0 ? token : token.substring(0, dot)).replace("*", "[A-Za-z0-9]*");
        String attribute = dot < 0 ? null : token.substring(dot + 1);
        String sameStack = name + (attribute == null ? "" : "\\." + attribute);
        String otherStack = "[A-Za-z0-9]*" + name + "[A-Za-z0-9]*" + (attribute == null ? "Ref" : attribute);
        return "<(" + sameStack + "|referenceto" + otherStack + "|[A-Za-z0-9]*\\.Outputs\\." + otherStack + ")>";
    }

    private static String literal(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
