/**
 * The baseline handler plus what issue 2 requires of every function: Powertools logger, metrics and
 * tracer (its X-Ray SDK included). Importing it shows how much of a function's cold start is
 * Powertools' own, apart from checkpoint-watch's code.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { handler as baseline } from './baseline-handler';

export const logger = new Logger({ serviceName: 'baseline' });
export const metrics = new Metrics({ namespace: 'Baseline', serviceName: 'baseline' });
export const tracer = new Tracer({ serviceName: 'baseline' });

export const handler = baseline;
