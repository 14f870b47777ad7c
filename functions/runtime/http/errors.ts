/**
 * The error contract as the stack's last word on a failed request: every refusal and fault becomes the
 * one error body of ../errors.ts (its message only below 500), counted by reason where the route asks,
 * logged once (refusals at info, faults with their stack), and shown as a page to a person reading one.
 * Which page is the runtime's choice: the route table only says that its refusals are pages.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { errorPage, formErrorPage } from '../../pages/form-errors';
import { langOf } from '../../domain/words';
import { LANG_COOKIE } from '../page-lang';
import { errorResponse } from '../errors';
import { logger, metrics } from '../observability';
import type { HttpMiddleware, RouteSpec } from './types';

type ErrorSpec = Pick<RouteSpec<undefined, undefined, undefined>, 'rejectedMetric' | 'formErrorPage' | 'page'>;

export const errorContract = ({ rejectedMetric, formErrorPage: formRefusalsArePages, page }: ErrorSpec): HttpMiddleware => ({
  onError: async (request) => {
    const {
      response,
      body: { error },
      expected,
    } = errorResponse(request.error, request.event.requestContext?.requestId);
    if (rejectedMetric) {
      const metric = metrics.singleMetric();
      metric.addDimension('reason', error.code);
      metric.addMetric(rejectedMetric, MetricUnit.Count, 1);
    }
    const postedForm = (request.event.headers?.['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    // A person reading a page gets a page (in their language), with the same status and Retry-After.
    if (page || (formRefusalsArePages && postedForm)) {
      const lang = langOf(request.event.cookies?.find((cookie) => cookie.startsWith(`${LANG_COOKIE}=`))?.slice(LANG_COOKIE.length + 1));
      response.body = page ? errorPage(error, lang) : formErrorPage(error, lang);
      response.headers['content-type'] = 'text/html; charset=utf-8';
    }
    if (expected) {
      logger.info('request refused', { status: response.statusCode, code: error.code });
    } else {
      logger.error('request failed', request.error as Error);
    }
    request.response = response;
  },
});
