/** Powertools, configured once for every function: JSON logs, EMF metrics, X-Ray traces. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'checkpoint-watch';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CheckpointWatch', serviceName });
export const tracer = new Tracer({ serviceName });
