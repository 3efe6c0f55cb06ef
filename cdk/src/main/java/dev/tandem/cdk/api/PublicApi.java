package dev.tandem.cdk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cdk.app.Nag;
import dev.tandem.cdk.app.StageConfig;
import dev.tandem.cdk.functions.LambdaFunctions;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.validation.ContractValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnModel;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IModel;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The public REST API ({@code /v1}): every route but health behind a Cognito authorizer whose groups
 * are Tandem's roles, request bodies validated by models made from the contract JSON Schemas, errors
 * from API Gateway itself answered as {@code application/problem+json} like the functions' own, X-Ray
 * tracing, JSON access logs, stage and usage-plan throttling, and a WAF web ACL of AWS managed rules.
 */
public final class PublicApi extends Construct {

    private final List<PipelineDefinition> pipelines;
    private final ContractValidator contracts;

    public static final List<String> GROUPS = List.of("submitter", "reviewer", "auditor", "operator");

    private final RestApi api;
    private final UserPool users;
    private final CfnWebACL webAcl;

    public PublicApi(Construct scope, String id, StageConfig stage, LambdaFunctions functions, List<PipelineDefinition> pipelines) {
        super(scope, id);
        this.pipelines = List.copyOf(pipelines);
        this.contracts = ContractValidator.load(this.pipelines);
        this.users = UserPool.Builder.create(this, "Users")
                .userPoolName(stage.prefix() + "-users")
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(14).requireDigits(true).requireLowercase(true)
                        .requireUppercase(true).requireSymbols(true).tempPasswordValidity(Duration.days(3)).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .featurePlan(FeaturePlan.PLUS)
                .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        for (String group : GROUPS) {
            CfnUserPoolGroup.Builder.create(this, "Group" + Character.toUpperCase(group.charAt(0)) + group.substring(1))
                    .userPoolId(users.getUserPoolId()).groupName(group)
                    .description("Tandem role " + group).build();
        }
        UserPoolClient client = users.addClient("ApiClient", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .preventUserExistenceErrors(true)
                .accessTokenValidity(Duration.hours(1)).idTokenValidity(Duration.hours(1)).refreshTokenValidity(Duration.days(1))
                .build());
        client.getNode().addDependency(users);

        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(stage.logRetention()).removalPolicy(RemovalPolicy.DESTROY).build();
        this.api = RestApi.Builder.create(this, "Api")
                .restApiName(stage.prefix() + "-api")
                .description("Tandem public API v1")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName(ApiRoutes.STAGE)
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        // Request and response bodies hold documents: never in execution logs.
                        .dataTraceEnabled(false)
                        .throttlingRateLimit(stage.production() ? 200 : 50)
                        .throttlingBurstLimit(stage.production() ? 400 : 100)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true).build()))
                        .build())
                .build();
        Nag.suppress(api, "AwsSolutions-IAM4", "AmazonAPIGatewayPushToCloudWatchLogs is the AWS-managed role API Gateway logs with (account setting).");
        problemResponses();
        Nag.suppress(api.getLatestDeployment(), "CdkNagValidationFailure",
                "Serverless-APIGWStructuredLogging cannot read a deployment's stage; the stage's access log is JSON (jsonWithStandardFields).");

        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                .cognitoUserPools(List.of(users)).identitySource("method.request.header.Authorization").build();
        RequestValidator validator = RequestValidator.Builder.create(this, "Validator")
                .restApi(api).requestValidatorName("body-and-parameters").validateRequestBody(true).validateRequestParameters(true).build();
        Map<String, IResource> resources = new HashMap<>();
        // API Gateway invokes the functions' live aliases with one role that may invoke exactly those, rather than with a
        // resource-based permission on each function per method: one role instead of a permission per route keeps the
        // stage's stack within CloudFormation's 500 resources as pipelines are added.
        Role invoker = Role.Builder.create(this, "Invoker")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway invokes the API's functions (their live aliases)").build();
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            MethodOptions.Builder options = MethodOptions.builder();
            if (route.authorized()) {
                options.authorizer(authorizer).authorizationType(AuthorizationType.COGNITO).requestValidator(validator);
            } else {
                options.authorizationType(AuthorizationType.NONE);
            }
            if (route.body() != null) {
                options.requestModels(Map.of("application/json", model(route.body())));
            }
            var alias = functions.alias(route.function().logicalName());
            alias.grantInvoke(invoker);
            AwsIntegration integration = AwsIntegration.Builder.create().proxy(true).service("lambda")
                    .path("2015-03-31/functions/" + alias.getFunctionArn() + "/invocations")
                    .options(IntegrationOptions.builder().credentialsRole(invoker).build()).build();
            Method method = resource(resources, route.path()).addMethod(route.method(), integration, options.build());
            if (!route.authorized()) {
                String reason = route.method() + " " + route.resource() + " is public: " + route.publicReason() + ".";
                Nag.suppress(method, "AwsSolutions-APIG4", reason);
                Nag.suppress(method, "AwsSolutions-COG4", reason);
            }
        }

        methodNotAllowed(resources);

        api.addUsagePlan("UsagePlan", UsagePlanProps.builder()
                .name(stage.prefix() + "-default")
                .description("Default throttle and quota for every client of the stage")
                .throttle(ThrottleSettings.builder().rateLimit(stage.production() ? 200 : 50).burstLimit(stage.production() ? 400 : 100).build())
                .quota(QuotaSettings.builder().limit(stage.production() ? 1_000_000 : 50_000).period(Period.DAY).build())
                .apiStages(List.of(UsagePlanPerApiStage.builder().api(api).stage(api.getDeploymentStage()).build()))
                .build());

        this.webAcl = webAcl(stage);
        CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                .resourceArn(api.getDeploymentStage().getStageArn()).webAclArn(webAcl.getAttrArn()).build();
    }

    /** The resource for a path below the stage, created segment by segment once. */
    private IResource resource(Map<String, IResource> resources, String path) {
        IResource parent = api.getRoot();
        StringBuilder sofar = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            sofar.append('/').append(segment);
            IResource current = parent;
            parent = resources.computeIfAbsent(sofar.toString(), p -> current.addResource(segment));
        }
        return parent;
    }

    /**
     * A model from a contract schema. API Gateway validates with JSON Schema draft 4, so the 2020-12
     * keywords it does not know are dropped ({@code propertyNames}, {@code examples}); the functions
     * validate the full schema again, with field-level messages.
     */
    private IModel model(ApiRoutes.Body body) {
        return switch (body) {
            case ApiRoutes.Body.Schema fixed -> model(fixed.schema().recordType().getSimpleName(), draft4(contracts.schemaNode(fixed.schema())));
            case ApiRoutes.Body.PipelineInput input -> pipelineInputModel();
        };
    }

    /**
     * A job submission: the input schema of the one pipeline the stage carries (with its {@code pipeline} field), or,
     * with several, any of theirs. The function validates against the schema of the pipeline the body selects.
     */
    private IModel pipelineInputModel() {
        if (pipelines.size() == 1) {
            PipelineDefinition only = pipelines.getFirst();
            return model(only.input().bodyType().getSimpleName(), draft4(contracts.inputSchema(only.name()).orElseThrow()));
        }
        ObjectNode any = Json.mapper().createObjectNode();
        any.put("title", "JobSubmission");
        any.put("description", "The body of POST /v1/jobs: the input of one of the stage's pipelines, selected by its pipeline field.");
        any.put("type", "object");
        var members = any.putArray("anyOf");
        for (PipelineDefinition p : pipelines) {
            ObjectNode member = draft4(contracts.inputSchema(p.name()).orElseThrow());
            member.remove("$schema");
            members.add(member);
        }
        return model("JobSubmission", draft4(any));
    }

    /** A 2020-12 schema as API Gateway's draft 4 takes it. */
    private static ObjectNode draft4(JsonNode schema) {
        ObjectNode draft4 = ((ObjectNode) schema).deepCopy();
        strip(draft4);
        draft4.put("$schema", "http://json-schema.org/draft-04/schema#");
        draft4.remove("$id");
        return draft4;
    }

    private IModel model(String name, ObjectNode draft4) {
        @SuppressWarnings("unchecked")
        Map<String, Object> asMap = Json.mapper().convertValue(draft4, Map.class);
        CfnModel model = CfnModel.Builder.create(this, name + "Model").restApiId(api.getRestApiId()).name(name)
                .contentType("application/json").schema(asMap).build();
        return Model.fromModelName(this, name + "ModelRef", model.getRef());
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("examples");
            o.remove("propertyNames");
            Iterator<JsonNode> children = o.elements();
            while (children.hasNext()) {
                strip(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(PublicApi::strip);
        }
    }

    /** API Gateway's own refusals in the same RFC 9457 shape as the functions' errors. */
    /**
     * A known path with a method it does not declare answers 405 with {@code Allow}: an ANY method on each resource (the
     * declared methods take precedence) with a mock integration, so nothing runs and nothing is written.
     */
    private void methodNotAllowed(Map<String, IResource> resources) {
        ApiRoutes.methodsByPath().forEach((path, methods) -> {
            String allow = String.join(", ", methods);
            String body = "{\"type\":\"" + ProblemType.METHOD_NOT_ALLOWED.uri() + "\",\"title\":\"" + ProblemType.METHOD_NOT_ALLOWED.title()
                    + "\",\"status\":405,\"detail\":\"$context.httpMethod is not allowed here; use " + String.join(" or ", methods)
                    + ".\",\"instance\":\"$context.path\",\"requestId\":\"$context.requestId\"}";
            MockIntegration mock = MockIntegration.Builder.create()
                    .requestTemplates(Map.of("application/json", "{\"statusCode\": 405}"))
                    .passthroughBehavior(PassthroughBehavior.NEVER)
                    .integrationResponses(List.of(IntegrationResponse.builder().statusCode("405")
                            .responseParameters(Map.of("method.response.header.Allow", "'" + allow + "'",
                                    "method.response.header.Content-Type", "'application/problem+json'"))
                            .responseTemplates(Map.of("application/json", body)).build()))
                    .build();
            Method any = resource(resources, path).addMethod("ANY", mock, MethodOptions.builder().authorizationType(AuthorizationType.NONE)
                    .methodResponses(List.of(MethodResponse.builder().statusCode("405")
                            .responseParameters(Map.of("method.response.header.Allow", true, "method.response.header.Content-Type", true)).build()))
                    .build());
            String reason = "ANY " + path + " only answers 405 with Allow: " + allow + " (a mock integration; nothing runs).";
            Nag.suppress(any, "AwsSolutions-APIG4", reason);
            Nag.suppress(any, "AwsSolutions-COG4", reason);
        });
    }

    private void problemResponses() {
        Map<ResponseType, Object[]> responses = new LinkedHashMap<>();
        responses.put(ResponseType.BAD_REQUEST_BODY, new Object[] {ProblemType.VALIDATION, "\"$context.error.validationErrorString\""});
        responses.put(ResponseType.UNAUTHORIZED, new Object[] {ProblemType.UNAUTHENTICATED, "$context.error.messageString"});
        responses.put(ResponseType.ACCESS_DENIED, new Object[] {ProblemType.FORBIDDEN, "$context.error.messageString"});
        responses.put(ResponseType.MISSING_AUTHENTICATION_TOKEN, new Object[] {ProblemType.NOT_FOUND,
                "\"No route matches this method and path; see the API reference.\""});
        responses.put(ResponseType.REQUEST_TOO_LARGE, new Object[] {ProblemType.PAYLOAD_TOO_LARGE, "$context.error.messageString"});
        responses.put(ResponseType.UNSUPPORTED_MEDIA_TYPE, new Object[] {ProblemType.UNSUPPORTED_MEDIA_TYPE, "$context.error.messageString"});
        responses.put(ResponseType.DEFAULT_4_XX, new Object[] {null, "$context.error.messageString"});
        responses.put(ResponseType.DEFAULT_5_XX, new Object[] {ProblemType.INTERNAL, "\"The request could not be completed; retry later.\""});
        responses.forEach((type, v) -> {
            ProblemType problem = (ProblemType) v[0];
            String typeUri = problem == null ? "about:blank" : problem.uri().toString();
            String title = problem == null ? "Request refused" : problem.title();
            // The DEFAULT_* responses cover several status codes; they keep API Gateway's code.
            boolean fixedStatus = problem != null && !type.getResponseType().startsWith("DEFAULT");
            String status = fixedStatus ? ",\"status\":" + problem.status() : "";
            String template = "{\"type\":\"" + typeUri + "\",\"title\":\"" + title + "\"" + status
                    + ",\"detail\":" + v[1] + ",\"instance\":\"$context.path\",\"requestId\":\"$context.requestId\"}";
            GatewayResponseOptions.Builder options = GatewayResponseOptions.builder().type(type)
                    .responseHeaders(Map.of("Content-Type", "'application/problem+json'"))
                    .templates(Map.of("application/json", template));
            if (fixedStatus) {
                options.statusCode(Integer.toString(problem.status()));
            }
            api.addGatewayResponse("Problem" + type.getResponseType(), options.build());
        });
    }

    private CfnWebACL webAcl(StageConfig stage) {
        List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
        rules.add(managed("AWSManagedRulesCommonRuleSet", 10,
                // Documents are up to 1 MiB; the rule set blocks bodies over 8 KB.
                List.of(CfnWebACL.RuleActionOverrideProperty.builder().name("SizeRestrictions_BODY")
                        .actionToUse(CfnWebACL.RuleActionProperty.builder().count(CfnWebACL.CountActionProperty.builder().build()).build()).build())));
        rules.add(managed("AWSManagedRulesKnownBadInputsRuleSet", 20, List.of()));
        rules.add(managed("AWSManagedRulesAmazonIpReputationList", 30, List.of()));
        rules.add(CfnWebACL.RuleProperty.builder().name("RateLimitPerIp").priority(40)
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .limit(stage.production() ? 3000 : 1000).aggregateKeyType("IP").build()).build())
                .visibilityConfig(visibility("RateLimitPerIp")).build());
        return CfnWebACL.Builder.create(this, "WebAcl")
                .name(stage.prefix() + "-api")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(stage.prefix() + "-api"))
                .rules(rules)
                .build();
    }

    private static CfnWebACL.RuleProperty managed(String name, int priority, List<CfnWebACL.RuleActionOverrideProperty> overrides) {
        CfnWebACL.ManagedRuleGroupStatementProperty.Builder group = CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                .vendorName("AWS").name(name);
        if (!overrides.isEmpty()) {
            group.ruleActionOverrides(overrides);
        }
        return CfnWebACL.RuleProperty.builder().name(name).priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(group.build()).build())
                .visibilityConfig(visibility(name)).build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder().cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true)
                .metricName(metric).build();
    }

    public RestApi api() {
        return api;
    }

    public UserPool users() {
        return users;
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
