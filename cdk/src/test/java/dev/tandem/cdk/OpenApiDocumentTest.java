package dev.tandem.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cdk.app.Artifacts;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.api.OpenApi;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.validation.ContractValidator;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document of the reference deployment (every registered pipeline): valid for an independent parser
 * (swagger-parser), every reference resolving, the repository's copy ({@code docs/openapi.json}) up to date, and the
 * README's API table listing exactly its operations. Responses are checked against it end to end in {@code LocalStackIT}.
 */
class OpenApiDocumentTest {

    private static final Path ROOT = Artifacts.root(Path.of("").toAbsolutePath());
    private static final Path COPY = ROOT.resolve("docs/openapi.json");
    private static final ObjectNode DOCUMENT = OpenApi.document(ContractValidator.load());

    @Test
    void theDocument_isValidOpenApi31_forAnIndependentParser_withEveryRouteAnOperation() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Json.write(DOCUMENT), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo(OpenApi.VERSION);
        assertThat(result.getOpenAPI().getPaths()).hasSize(ApiRoutes.methodsByPath().size());
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            var item = result.getOpenAPI().getPaths().get(route.resource());
            assertThat(item).as(route.resource()).isNotNull();
            var op = item.readOperationsMap().get(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(route.method()));
            assertThat(op.getOperationId()).isEqualTo(route.function().logicalName());
            assertThat(op.getResponses()).containsKey(Integer.toString(route.reply().status())).containsKey("default");
            if (route.authorized()) {
                assertThat(op.getSecurity()).as(route.resource() + " inherits the bearer requirement").isNull();
                assertThat(op.getResponses()).containsKeys("401", "403");
            } else {
                assertThat(op.getSecurity()).as(route.resource() + " is public").isEmpty();
            }
            List<String> query = new ArrayList<>();
            if (op.getParameters() != null) {
                op.getParameters().stream().filter(p -> p.getIn().equals("query")).forEach(p -> query.add(p.getName()));
            }
            assertThat(query).as(route.resource() + " query parameters").containsExactlyElementsOf(route.query());
        }
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsOnlyKeys(OpenApi.SECURITY_SCHEME);
    }

    @Test
    void everyReference_resolvesInTheDocument() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOCUMENT, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(DOCUMENT.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void theRepositoryCopy_isTheGeneratedDocument() throws IOException {
        String generated = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(DOCUMENT) + "\n";
        if (Boolean.getBoolean("tandem.openapi.write")) {
            Files.writeString(COPY, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(COPY, StandardCharsets.UTF_8))
                .as("docs/openapi.json is stale: regenerate it with ./scripts/openapi").isEqualTo(generated);
    }

    @Test
    void theReadmesApiTable_listsExactlyTheDocumentsOperations() throws IOException {
        Set<String> documented = new TreeSet<>();
        DOCUMENT.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> readme = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                inSection = line.equals("## Public API");
            } else if (inSection && line.startsWith("| `")) {
                String call = line.substring(3, line.indexOf('`', 3));
                readme.add(call.split("\\?")[0]);
            }
        }
        assertThat(readme).isEqualTo(documented);
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    out.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(v -> collectRefs(v, out));
        }
    }
}
