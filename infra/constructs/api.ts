import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/function-env';
import { methodAndPath, routeList, type RouteDef } from '../../functions/routes';
import { CheckpointFunction, functionIdOf, type FunctionResources } from './function';

export interface CheckpointApiProps {
  /** Requests per second the stage lets through, all routes together. @default 200 */
  rateLimit?: number;
  /** @default 400 */
  burstLimit?: number;
}

/**
 * The HTTP API, one route and one function per entry of the route table. Each function gets the
 * variables and grants its handler's entry in functions/function-env.ts names (CheckpointFunction).
 * Built in two steps: the API (its URL is in the links the escalation flow signs), then its routes
 * (`addRoutes`), once the flow exists — a fever reading starts its alert's flow (post-reading).
 */
export class CheckpointApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  /** One function per handler file; a handler may serve several routes (GET and HEAD of a page). */
  readonly functions = new Map<string, CheckpointFunction>();

  constructor(scope: Construct, id: string, props: CheckpointApiProps) {
    super(scope, id);
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'checkpoint-watch: readings, admin and escalation links',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 200, burstLimit: props.burstLimit ?? 400 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // No query string and no headers: form tokens and keys never reach the access log.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            sourceIp: '$context.identity.sourceIp',
            time: '$context.requestTime',
          }),
        ),
      },
    });
  }

  /** Every route of the route table with its function; `resources` is what the route functions may use, each what functions/function-env.ts names for it. */
  addRoutes(resources: FunctionResources): void {
    for (const route of routeList()) this.addRoute(route, resources);
  }

  private functionFor(route: RouteDef & { name: string }, resources: FunctionResources): CheckpointFunction {
    const existing = this.functions.get(route.handler);
    if (existing) return existing;
    const handler = route.handler as FunctionName;
    const fn = new CheckpointFunction(this, functionIdOf(handler), { handler, resources });
    this.functions.set(route.handler, fn);
    return fn;
  }

  private addRoute(route: RouteDef & { name: string }, resources: FunctionResources): void {
    const fn = this.functionFor(route, resources);
    const { method, path } = methodAndPath(route.key);
    this.httpApi.addRoutes({
      path,
      methods: [method as apigwv2.HttpMethod],
      integration: new HttpLambdaIntegration(`${route.name}Integration`, fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    });
  }
}
