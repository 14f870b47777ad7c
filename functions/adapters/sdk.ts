/**
 * An AWS SDK client made on first use, with its module imported only then: a function that never
 * starts a flow, sends a mail or reads a secret never imports those clients at start. (The import must
 * stay a literal `import('…')` at the call site, so that the bundler leaves it to run time.)
 */
export const onFirstUse = <M, C>(load: () => Promise<M>, make: (sdk: M) => C): (() => Promise<{ sdk: M; client: C }>) => {
  let loaded: Promise<{ sdk: M; client: C }> | undefined;
  return () => (loaded ??= load().then((sdk) => ({ sdk, client: make(sdk) })));
};
