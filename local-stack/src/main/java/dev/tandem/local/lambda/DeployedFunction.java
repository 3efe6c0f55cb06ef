package dev.tandem.local.lambda;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Lambda function as the synthesized template deploys it: what the local stack runs, taken from the
 * template and nothing else.
 *
 * @param name          the physical function name ({@code FunctionName})
 * @param handler       the {@code Handler} string, as the Java runtime reads it
 * @param memoryMb      {@code MemorySize}: the JVM's heap is sized from it, as Lambda sizes it
 * @param timeoutSeconds {@code Timeout}: an invocation running longer is stopped, as Lambda stops it
 * @param artifact      the deployment artifact the template's {@code Code} asset points to (in {@code cdk.out})
 * @param environment   {@code Environment.Variables}, references resolved to the local resources' names
 * @param layers        the content folders of its {@code Layers}, in order (their {@code java/lib} jars join the class path)
 */
public record DeployedFunction(String name, String handler, int memoryMb, int timeoutSeconds, Path artifact, Map<String, String> environment,
                               List<Path> layers) {

    public DeployedFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(artifact, "artifact");
        environment = Map.copyOf(environment);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
