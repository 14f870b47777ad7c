/**
 * The form link of a checkpoint. The token travels in the URL fragment, which browsers never send to a
 * server, so it reaches neither our logs nor any proxy's; the form page reads it and sends it as Bearer.
 */
export const formLinks = (baseUrl: string, checkpointId: string, formToken: string | undefined) =>
  formToken
    ? { formToken, formUrl: `${baseUrl}/f/${encodeURIComponent(checkpointId)}#token=${encodeURIComponent(formToken)}` }
    : { formUrl: `${baseUrl}/f/${encodeURIComponent(checkpointId)}` };
