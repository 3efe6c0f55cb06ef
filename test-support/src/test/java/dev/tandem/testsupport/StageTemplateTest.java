package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage with a nested stack, in the shapes the CDK synthesizes, read as one template. */
class StageTemplateTest {

    private static final String STAGE = """
            {"Resources": {
              "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "jobs"}},
              "Claims": {"Type": "AWS::CloudFormation::Stack",
                "Metadata": {"aws:asset:path": "claims.nested.template.json"},
                "Properties": {"Parameters": {
                  "referencetoTableArn": {"Fn::GetAtt": ["Table", "Arn"]},
                  "referencetoTableRef": {"Ref": "Table"}}}},
              "Submit": {"Type": "AWS::Lambda::Function", "DependsOn": ["Claims", "Table"], "Properties": {
                "Environment": {"Variables": {"MACHINE": {"Fn::GetAtt": ["Claims", "Outputs.MachineArn"]}}}}}},
             "Outputs": {"Machine": {"Value": {"Fn::GetAtt": ["Claims", "Outputs.MachineArn"]}}}}
            """;

    private static final String NESTED = """
            {"Parameters": {"referencetoTableArn": {"Type": "String"}, "referencetoTableRef": {"Type": "String"}},
             "Resources": {
              "Step": {"Type": "AWS::Lambda::Function", "Properties": {
                "Environment": {"Variables": {"TABLE": {"Ref": "referencetoTableRef"},
                  "QUEUE": {"Fn::Sub": "${Queue.Arn} in ${AWS::Region} for ${referencetoTableArn}"}}}}},
              "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
              "Machine": {"Type": "AWS::StepFunctions::StateMachine", "DependsOn": "Step", "Properties": {
                "RoleArn": {"Fn::GetAtt": ["Step", "Arn"]}, "Region": {"Ref": "AWS::Region"}}}},
             "Outputs": {"MachineArn": {"Value": {"Ref": "Machine"}}}}
            """;

    @Test
    void aNestedStacksResources_joinTheStagesUnderItsId_withParametersAsPassed_andOutputsInPlace(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Stage.template.json"), STAGE);
        Files.writeString(dir.resolve("claims.nested.template.json"), NESTED);

        Path written = StageTemplate.write(dir.resolve("Stage.template.json"));

        assertThat(written.getFileName()).hasToString("Stage.stage.template.json");
        JsonNode flat = Json.mapper().readTree(Files.readString(written));
        JsonNode resources = flat.path("Resources");
        assertThat(resources.fieldNames()).toIterable().containsExactly("Table", "ClaimsStep", "ClaimsQueue", "ClaimsMachine", "Submit");
        JsonNode step = resources.at("/ClaimsStep/Properties/Environment/Variables");
        assertThat(step.path("TABLE")).isEqualTo(Json.mapper().readTree("{\"Ref\": \"Table\"}"));
        assertThat(step.path("QUEUE")).isEqualTo(Json.mapper().readTree(
                "{\"Fn::Sub\": [\"${ClaimsQueue.Arn} in ${AWS::Region} for ${referencetoTableArn}\","
                        + " {\"referencetoTableArn\": {\"Fn::GetAtt\": [\"Table\", \"Arn\"]}}]}"));
        assertThat(resources.at("/ClaimsMachine/DependsOn").asText()).isEqualTo("ClaimsStep");
        assertThat(resources.at("/ClaimsMachine/Properties/RoleArn")).isEqualTo(Json.mapper().readTree("{\"Fn::GetAtt\": [\"ClaimsStep\", \"Arn\"]}"));
        assertThat(resources.at("/ClaimsMachine/Properties/Region")).isEqualTo(Json.mapper().readTree("{\"Ref\": \"AWS::Region\"}"));
        // The stage's reads of the nested stack's outputs become the outputs' values; a dependency on it is dropped.
        assertThat(resources.at("/Submit/Properties/Environment/Variables/MACHINE")).isEqualTo(Json.mapper().readTree("{\"Ref\": \"ClaimsMachine\"}"));
        assertThat(resources.at("/Submit/DependsOn")).isEqualTo(Json.mapper().readTree("[\"Table\"]"));
        assertThat(flat.at("/Outputs/Machine/Value")).isEqualTo(Json.mapper().readTree("{\"Ref\": \"ClaimsMachine\"}"));
        assertThat(flat.toString()).doesNotContain("AWS::CloudFormation::Stack").doesNotContain("Outputs.MachineArn");
    }

    @Test
    void aStageWithoutNestedStacks_isReadAsItIs(@TempDir Path dir) throws IOException {
        Path template = Files.writeString(dir.resolve("Plain.template.json"), "{\"Resources\": {\"Table\": {\"Type\": \"AWS::DynamoDB::Table\"}}}");

        assertThat(StageTemplate.write(template)).isEqualTo(template);
        assertThat(Files.list(dir)).hasSize(1);
    }

    @Test
    void aReferenceToAParameterTheStageDoesNotPass_isRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Stage.template.json"), STAGE.replace("\"referencetoTableRef\": {\"Ref\": \"Table\"}", "\"unused\": \"x\""));
        Files.writeString(dir.resolve("claims.nested.template.json"), NESTED);

        assertThatThrownBy(() -> StageTemplate.flatten(dir.resolve("Stage.template.json")))
                .hasMessageContaining("Claims refers to referencetoTableRef");
    }
}
