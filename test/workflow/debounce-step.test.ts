/**
 * debounce, throttle and batch are not step options: the parser says why, at the key's position,
 * instead of a bare "unknown key" (docs/flow-debounce-batch.md).
 */
import { describe, expect, it } from 'vitest';
import { WorkflowError, parseWorkflow } from '../../src/workflow/parse.js';

function problems(yaml: string): string {
  try {
    parseWorkflow(yaml, { file: 'bad.yaml' });
  } catch (e) {
    if (e instanceof WorkflowError) return e.message;
    throw e;
  }
  throw new Error('parsed without problems');
}

describe('debounce, throttle and batch on a workflow step', () => {
  it.each([
    ['debounce: { key: k, window: 5s }', /bad\.yaml:4:5: task "a": a step cannot be debounced: its task belongs to this run's graph/],
    ['throttle: { key: k, window: 5s }', /bad\.yaml:4:5: task "a": a step cannot be throttled/],
    ['batch: { size: 10 }', /bad\.yaml:4:5: task "a": batching is set on the worker's handler/],
  ])('%s', (line, message) => {
    expect(problems(`name: w\ntasks:\n  a:\n    ${line}\n    command: "true"\n`)).toMatch(message);
  });
});
