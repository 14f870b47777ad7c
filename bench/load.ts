/**
 * The load generator, in its own process so that it does not share the event loop of the gateway it
 * measures. Reads {url, seconds, targets} as JSON from argv[2]; prints autocannon's result as JSON.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const { url, seconds, targets } = JSON.parse(process.argv[2]!) as { url: string; seconds: number; targets: { path: string; token: string }[] };
let n = 0;
const reading = () => ({ submissionId: randomUUID(), officer: '张三', screened: 40, entries: 22, exits: 18, feverCount: 0, staffOnDuty: 5 });

autocannon(
  {
    url,
    connections: 16,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const target = targets[n++ % targets.length]!;
          return { ...request, path: target.path, headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` }, body: JSON.stringify(reading()) };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    process.stdout.write(JSON.stringify({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'], errors: result.non2xx + result.errors }));
  },
);
