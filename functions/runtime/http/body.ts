/**
 * The body as the handler may trust it to be before validation: at most 16 KiB, of a content type the
 * route takes, valid UTF-8, and parsed (JSON, or a form's fields). Each way it can be wrong has its own
 * refusal (413, 415, 400), so a client learns what to fix.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Schema as ZodType } from '../../contract/schemas';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors';
import { formFields, textFieldsOf } from './urlencoded';

export const MAX_BODY_BYTES = 16 * 1024;

/** Decodes the body; with `formSchema` (a route that accepts forms) urlencoded fields too, typed by that schema. */
export const decodeBody = (event: APIGatewayProxyEventV2, formSchema: ZodType | undefined): { type: 'json' | 'form'; value: unknown } => {
  const acceptsForm = formSchema !== undefined;
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(`the body is over ${MAX_BODY_BYTES / 1024} KiB`);
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const accepted = acceptsForm ? 'application/json or application/x-www-form-urlencoded' : 'application/json';
  if (contentType !== 'application/json' && !(acceptsForm && contentType === 'application/x-www-form-urlencoded')) {
    if (bytes.length === 0 && !contentType) throw new ValidationError('a request body is required', [{ path: 'body', message: `send ${accepted}` }]);
    throw new UnsupportedMediaTypeError(`send ${accepted}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('the body is not valid UTF-8', [{ path: 'body', message: 'encode text as UTF-8' }]);
  }
  if (contentType === 'application/x-www-form-urlencoded') return { type: 'form', value: formFields(text, textFieldsOf(formSchema!)) };
  try {
    return { type: 'json', value: JSON.parse(text) };
  } catch {
    throw new ValidationError('the body is not valid JSON', [{ path: 'body', message: 'send a JSON object' }]);
  }
};
