import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { methodAndPath, routeList, type RouteDef } from '../../functions/routes';
import { CheckpointFunction } from './function';
import type { Mail } from './mail';

export interface CheckpointApiProps {
  table: dynamodb.ITableV2;
  adminKey: secretsmanager.ISecret;
  linkKeys: secretsmanager.ISecret;
  mail: Mail;
  /** Requests per second the stage lets through, all routes together. @default 200 */
  rateLimit?: number;
  /** @default 400 */
  burstLimit?: number;
  /** Origins of forms served elsewhere that may call the form routes from a browser. @default none */
  formOrigins?: string[];
  /** Readings a checkpoint's form token may post per minute. @default 60 */
  readingsPerMinute?: number;
  /** Days a reading is kept before DynamoDB's TTL removes it (summaries stay). @default 30 */
  readingRetentionDays?: number;
}

/**
 * The HTTP API, one route and one function per entry of the route table. Each function gets the table
 * access its route declares and, on admin routes, read access to the admin key: both set with the
 * environment variable that names them, in one place.
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
    for (const route of routeList()) this.addRoute(route, props);
  }

  private functionFor(route: RouteDef & { name: string }, props: CheckpointApiProps): CheckpointFunction {
    const existing = this.functions.get(route.handler);
    if (existing) return existing;
    const fn = new CheckpointFunction(this, route.name, {
      handler: route.handler,
      timeout: Duration.seconds(10),
      environment: { READING_RETENTION_DAYS: String(props.readingRetentionDays ?? 30) },
    });
    if (route.table !== 'none') {
      fn.addEnvironment('TABLE_NAME', props.table.tableName);
      if (route.table === 'read') props.table.grantReadData(fn);
      else props.table.grantReadWriteData(fn);
    }
    if (route.auth === 'admin') {
      fn.addEnvironment('ADMIN_KEY_SECRET_ARN', props.adminKey.secretArn);
      props.adminKey.grantRead(fn);
    }
    if (route.uses?.includes('linkKeys')) {
      fn.addEnvironment('LINK_KEYS_SECRET_ARN', props.linkKeys.secretArn);
      props.linkKeys.grantRead(fn);
    }
    if (route.uses?.includes('mail')) props.mail.grantSend(fn);
    if (route.cors && props.formOrigins?.length) fn.addEnvironment('FORM_ORIGINS', props.formOrigins.join(','));
    if (route.uses?.includes('readingLimit') && props.readingsPerMinute) fn.addEnvironment('READINGS_PER_MINUTE', String(props.readingsPerMinute));
    this.functions.set(route.handler, fn);
    return fn;
  }

  private addRoute(route: RouteDef & { name: string }, props: CheckpointApiProps): void {
    const fn = this.functionFor(route, props);
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
