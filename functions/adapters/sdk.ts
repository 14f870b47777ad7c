/**
 * An AWS SDK client made on first use, with its module imported only then: a function that never
 * starts a flow, sends a mail or reads a secret never imports those clients at start. (The import must
 * stay a literal `import('…')` at the call site, so that the bundler leaves it to run time.)
 */
type Destroyable = { destroy?: () => void };

/** Every client made here, so that a process that runs several local stacks in turn can let them go. */
const forgetters = new Set<() => void>();

export const onFirstUse = <M, C>(load: () => Promise<M>, make: (sdk: M) => C): (() => Promise<{ sdk: M; client: C }>) => {
  let loaded: Promise<{ sdk: M; client: C }> | undefined;
  forgetters.add(() => {
    const made = loaded;
    loaded = undefined;
    void made?.then(({ client }) => (client as Destroyable).destroy?.(), () => undefined);
  });
  return () => (loaded ??= load().then((sdk) => ({ sdk, client: make(sdk) })));
};

/**
 * Destroys the clients made so far and forgets them, so that the next use makes a new one. A client
 * keeps the endpoint it resolved on its first request (locally an emulator's port, from
 * AWS_ENDPOINT_URL_<SERVICE>): the local stack lets its clients go when it stops, and a stack started
 * after it in the same process (the bench runs three in turn) reaches its own emulators. On Lambda
 * nothing calls it.
 */
export const forgetSdkClients = (): void => {
  for (const forget of forgetters) forget();
};
