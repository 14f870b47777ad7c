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
