/**
 * The local REST API: the template's API Gateway (v1) REST APIs served on loopback by
 * {@link dev.channels.local.api.RestApiService}.
 *
 * <h2>What is served</h2>
 * One server per {@code AWS::ApiGateway::RestApi} that has a stage, on {@code 127.0.0.1} and a free port:
 * {@code http://127.0.0.1:<port>/<StageName>/<resource path>}. Routes come from the
 * {@code AWS::ApiGateway::Resource} parent chain (literal path parts) and the {@code AWS::ApiGateway::Method}s
 * on them ({@code HttpMethod}, {@code ANY} included). {@code local-endpoints.json} gets one base URL per
 * route under {@code apis}, keyed by the route's path without the leading slash (the channel kebab, e.g.
 * {@code job-order}).
 *
 * <h2>Request handling, in API Gateway's order</h2>
 * <ol>
 *   <li>Unknown stage, path or method: {@code 403 {"message":"Missing Authentication Token"}}
 *       ({@code x-amzn-ErrorType: MissingAuthenticationTokenException}), API Gateway's answer with IAM auth.</li>
 *   <li>Authorization: {@code AWS_IAM} <b>accepts every request locally</b> (no SigV4 check, no IAM);
 *       {@code NONE} likewise. Other authorizers and API keys fail start.</li>
 *   <li>Bodies over 10 MB: {@code 413 {"message":"Request Too Long"}}.</li>
 *   <li>Validation, as the method's {@code RequestValidator} says. Required {@code method.request.header.*} and
 *       {@code method.request.querystring.*} parameters: {@code 400 {"message":"Missing required request
 *       parameters: [...]"}}. Body: against the {@code AWS::ApiGateway::Model} of the request's content type
 *       ({@code RequestModels}; the model's {@code Schema}, JSON Schema draft 4, networknt validator); an empty
 *       body is validated as {@code {}}, as API Gateway does; a body that is not JSON (trailing data included)
 *       or does not match: {@code 400 {"message":"Invalid request body"}}, nothing is sent to SQS. With a
 *       {@code BAD_REQUEST_BODY} gateway response, its template shapes the 400 and
 *       {@code $context.error.validationErrorString} is the validator's errors, sorted, in API Gateway's
 *       {@code [error, error]} form (the networknt wording, e.g. {@code $.id: must be at least 1 characters
 *       long}, not API Gateway's; a body that is not JSON: {@code Invalid JSON: ... (line L, column C)}).
 *       Validation is never skipped; a method without a model for the content type has no body validation, as
 *       on AWS (a non-JSON content type then meets the next step: 415).</li>
 *   <li>Integration request: the request template of the content type (parameters such as
 *       {@code charset} ignored; no Content-Type means {@code application/json}); none and
 *       {@code PassthroughBehavior NEVER}: {@code 415 {"message":"Unsupported Media Type"}}.</li>
 *   <li>The {@code AWS} integration with SQS, {@code Uri arn:aws:apigateway:<region>:sqs:path/<account>/<queue>}:
 *       the rendered template is POSTed form-encoded (query protocol) to {@code <local sqs>/<account>/<queue>}.
 *       SQS unreachable: {@code 500 {"message":"Internal server error"}}; no answer in 29 s: {@code 504}.
 *       ElasticMQ's refusals of an oversized body and of characters outside SQS's set are translated to SQS's
 *       error codes and messages ({@code SqsQueryIntegration}), so the integration responses see what they
 *       would see on AWS.</li>
 *   <li>Integration response: the first {@code SelectionPattern} that matches the SQS status code as a whole,
 *       else the one without a pattern, else {@code 500 Internal server error}. Its {@code application/json}
 *       template is rendered on SQS's answer in SQS's JSON shape; {@code $context.responseOverride.status}
 *       overrides its {@code StatusCode}.</li>
 * </ol>
 *
 * <h2>Mapping templates</h2>
 * Rendered by Apache Velocity, API Gateway's own template engine (see {@link dev.channels.local.api.MappingTemplate}):
 * every VTL directive but those that read other templates or define macros; {@code $input.body},
 * {@code $input.path('...')}, {@code $input.json('...')}; {@code $util.escapeJavaScript}, {@code urlEncode},
 * {@code urlDecode}, {@code base64Encode}, {@code base64Decode}, {@code parseJson}; {@code $context.requestId} and
 * {@code #set($context.responseOverride.status = ...)}. Anything else ({@code $input.params}, stage variables, other
 * {@code $context} variables, JSON paths beyond {@code .name}, {@code ['name']}, {@code [n]}) fails start with the
 * logical id, property path, line and column, e.g.
 * {@code JobOrderPost2E14ADB9.Properties.Integration.RequestTemplates['application/json']: not supported locally at
 * line 1, column 32: $input.params (known here: body, json, path)}. A request template must render
 * {@code Action=SendMessage}.
 *
 * <h2>Gateway responses</h2>
 * The errors API Gateway answers itself (403, 413, 400 parameters or body, 415, 500, 504) are shaped by the API's
 * {@code AWS::ApiGateway::GatewayResponse} of their type, else of {@code DEFAULT_4XX} / {@code DEFAULT_5XX}, else
 * API Gateway's default {@code {"message":"..."}}: status code and response templates with variable substitution
 * only ({@code $context.error.message}, {@code messageString}, {@code validationErrorString},
 * {@code responseType}, {@code $context.requestId}), values escaped for JSON. Other variables and response
 * parameters fail start.
 *
 * <h2>Not emulated</h2>
 * Listed in the start-up inventory as notes: integration credentials (no IAM), stage access logs, method
 * settings (throttling, metrics), tracing, caching, endpoint configuration. Refused at start: other
 * integration types ({@code AWS_PROXY}, {@code HTTP}, {@code MOCK}, so also CORS preflight methods), path
 * variables and greedy paths, OpenAPI {@code Body}, binary media types, response parameters, content
 * handling, model {@code $ref}s to other models, models of another draft.
 */
package dev.channels.local.api;
