import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startStackProcess } from '../helpers/local-stack';

describe('npm start refuses clearly', () => {
  it('when its port is taken', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    try {
      await expect(startStackProcess(['--memory'], { PORT: String(port) })).rejects.toThrow(new RegExp(`port ${port} \\(the API\\) is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('when Java is missing', async () => {
    await expect(startStackProcess(['--memory'], { PATH: '/nonexistent' })).rejects.toThrow(/Java is not installed/);
  });
});
