/** Small helpers of the local stack: free ports and waiting for a service to answer. */
import { createServer } from 'node:net';

/** Resolves when the port on 127.0.0.1 can be bound, rejects with a clear message when it cannot. */
export const assertPortFree = (port: number, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} (${what}) is already in use; stop what uses it or set another port`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });

/** A port that is free right now, for tests and throwaway stacks. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export const waitFor = async (what: string, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
};
