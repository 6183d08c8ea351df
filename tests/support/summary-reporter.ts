import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files the closing summary names, so the next person knows where CI's time goes. */
const SLOWEST = 10;

/**
 * Prints the slowest files, then one plain closing line, `N passed, N failed[, N skipped]`, which CI tooling reads
 * regardless of runner (it stays the last line).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') {
          passed += 1;
        } else if (state === 'failed') {
          failed += 1;
        } else {
          skipped += 1;
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) {
        failed += 1;
      }
    }
    const slowest = [...testModules]
      .map((module) => ({ file: module.relativeModuleId, ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST);
    if (slowest.length > 1) {
      process.stdout.write(
        `\nSlowest files:\n${slowest.map((f) => `  ${(f.ms / 1000).toFixed(1)} s  ${f.file}`).join('\n')}\n`,
      );
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }
}
