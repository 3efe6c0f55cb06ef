package dev.tandem.functions.steps;

import com.amazonaws.services.lambda.runtime.Context;

/** Which function (and version) runs a step: lineage records it. */
public record StepContext(String functionName, String functionVersion) {

    public static StepContext of(Context context) {
        if (context == null) {
            return new StepContext("local", "$LATEST");
        }
        return new StepContext(context.getFunctionName(), context.getFunctionVersion());
    }

    public String function() {
        return functionName + "@" + functionVersion;
    }
}
