package dev.tandem.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.cdk.app.TandemApp;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The README's example of a team's own CDK app is this module's {@link MyTandemApp}, word for word, and it synthesizes. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheExampleAsCompiled() throws IOException {
        Path root = Artifacts.root(Path.of("").toAbsolutePath());
        String source = Files.readString(root.resolve("cdk/src/test/java/dev/tandem/cdk/MyTandemApp.java"));
        String example = source.substring(source.indexOf("// readme:begin\n") + "// readme:begin\n".length(), source.indexOf("// readme:end"));

        assertThat(Files.readString(root.resolve("README.md"))).contains(example);
    }

    @Test
    void theExampleSynthesizesItsPipelinesNextToTheRegisteredOnes() {
        App app = new App(AppProps.builder().context(Map.of("stage", "dev")).build());

        TandemApp.Stacks stacks = MyTandemApp.deploy(app, new ExamplePipeline());
        app.synth();

        assertThat(stacks.tandem().pipelines()).extracting(p -> p.pipeline().name()).contains(ExamplePipeline.NAME, "document-compliance");
        assertThat(stacks.tandem().pipeline(ExamplePipeline.NAME).orchestration().definition()).contains("\"Decide\"");
    }
}
