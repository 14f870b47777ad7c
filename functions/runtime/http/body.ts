/**
 * The body as the handler may trust it to be before validation: at most 16 KiB, of a content type the
 * route takes, valid UTF-8, and parsed (JSON, or a form's fields). Each way it can be wrong has its own
 * refusal (413, 415, 400), so a client learns what to fix. A route that takes a file (RouteSpec.file)
 * has its own cap and media types instead, and its handler gets the bytes (`decodeFile`).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Schema as ZodType } from '../../contract/schemas';
import type { FileSpec, UploadedFile } from './types';
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

/** A file body: its bytes (API Gateway base64-encodes binary ones), within the route's own cap, of one of its media types. */
export const decodeFile = (event: APIGatewayProxyEventV2, spec: FileSpec): UploadedFile => {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > spec.maxBytes) throw tooLarge(spec);
  const mediaType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== '' && !spec.mediaTypes.includes(mediaType)) throw new UnsupportedMediaTypeError(`send the file as ${spec.mediaTypes.slice(0, 2).join(' or ')}`);
  if (bytes.length === 0) throw new ValidationError('a request body is required', [{ path: 'body', message: 'send the file as the body' }]);
  return { bytes, mediaType };
};

const tooLarge = (spec: FileSpec) => new PayloadTooLargeError(`the file is over ${(spec.maxBytes / 1024 / 1024).toFixed(2)} MiB`);
