import { defineConfig } from 'vitest/config';

/**
 * Three projects. `unit`: the pure domain, the slot-rule model, the chat wire formats and the contract
 * document — no emulator, so they start at once (`npx vitest run --project unit`). `slots`: the rest of
 * the slot rule's random cases (three quarters of SLOT_CASES, test/domain/slot-rule.cases.ts), pure too
 * but a minute or more of CPU. `integration`: everything that talks to DynamoDB Local, the SES
 * emulator, the local stack or a browser, with the emulators started once for the run
 * (test/helpers/global-setup.ts). `npm test` runs all three.
 */
const SLOTS = ['test/domain/slot-rule.every.property.test.ts', 'test/domain/slot-rule.cron.property.test.ts'];
// test/local/streams.test.ts reads DynamoDB Local's stream, so it runs with the emulators (integration).
const UNIT = ['test/domain/**/*.test.ts', 'test/channels/**/*.test.ts', 'test/imports/**/*.test.ts', 'test/local/!(streams).test.ts', 'test/runtime/**/*.test.ts', 'test/infra/app-graph.test.ts', 'test/infra/function-ids.test.ts', 'test/contract/openapi.test.ts', 'test/contract/lint.test.ts'];

export default defineConfig({
  test: {
    // Safety nets, not budgets: a test asserts outcomes, never speed. Sized for a two-core machine at a
    // load average of 10–25, where a CDK synth in a beforeAll took over 5 minutes with its bundling.
    testTimeout: 180_000,
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, exclude: SLOTS } },
      { extends: true, test: { name: 'slots', include: SLOTS } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: UNIT, globalSetup: ['test/helpers/global-setup.ts'] } },
    ],
  },
});
