import { NotFoundError } from '../domain/errors';
import type { Checkpoint } from '../domain/model';
import { currentFormToken } from '../domain/registry';
import { linkKeys } from './admin-key';

/**
 * The form link of a checkpoint. The token travels in the URL fragment, which browsers never send to a
 * server, so it reaches neither our logs nor any proxy's; the form page reads it and sends it as Bearer.
 */
export const formLinks = (baseUrl: string, checkpointId: string, formToken: string | undefined) => {
  const page = `${baseUrl}/f/${encodeURIComponent(checkpointId)}`;
  return formToken
    ? {
        formToken,
        formUrl: `${page}#token=${encodeURIComponent(formToken)}`,
        // For browsers without JavaScript, which cannot read the fragment: the token in the query.
        formUrlNoScript: `${page}?t=${encodeURIComponent(formToken)}`,
      }
    : { formUrl: page };
};

/** The form URL a gate sheet prints: the current token, derived again (it is stored only as a hash). */
export const printableFormUrl = async (checkpoint: Checkpoint, baseUrl: string): Promise<string> => {
  const token = currentFormToken(await linkKeys(), checkpoint);
  if (!token) throw new NotFoundError(`the form token of ${checkpoint.checkpointId} cannot be printed: rotate it once (POST /checkpoints/${checkpoint.checkpointId}/rotate-token)`);
  return formLinks(baseUrl, checkpoint.checkpointId, token).formUrl;
};
