import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { fillTemplate, parseRules, tasksFor } from './rules.js';

const GOOD = `rules:
  - name: mail-the-report
    when: { type: report.build, result: complete }
    create:
      name: report.email
      queue: mail
      payload: { report: "{{task}}", pages: "{{output.pages}}", note: "built {{task}} at {{completed}}" }
  - when: { type: report.build, result: error }
    create: { name: report.alert, payload: "{{msg}}" }
`;

describe('taskmaster rules', () => {
  it('parses rules and turns a done message into follow-up tasks with dedup keys', () => {
    const rules = parseRules(GOOD, 'rules.yaml');
    expect(rules.map((r) => r.name)).toEqual(['mail-the-report', 'rule-2']);
    const done = { type: 'report.build', task: '2017-01-01T01', result: 'complete', msg: 'ok', completed: '2026-01-01T00:00:00.000Z', output: { pages: 12 } };
    const out = tasksFor(rules, done, 'done:7:42');
    expect(out).toEqual([
      {
        rule: 'mail-the-report',
        spec: {
          name: 'report.email',
          queue: 'mail',
          payload: { report: '2017-01-01T01', pages: 12, note: 'built 2017-01-01T01 at 2026-01-01T00:00:00.000Z' },
          dedupKey: 'rule:mail-the-report:done:7:42',
        },
      },
    ]);
    const failed = tasksFor(rules, { ...done, result: 'error', msg: 'disk full' }, 'd2');
    expect(failed.map((f) => f.spec)).toEqual([{ name: 'report.alert', payload: 'disk full', dedupKey: 'rule:rule-2:d2' }]);
    expect(tasksFor(rules, { ...done, type: 'other' }, 'd3')).toEqual([]);
  });

  it('fills missing fields with null (whole template) or nothing (inline)', () => {
    expect(fillTemplate({ a: '{{nope}}', b: 'x{{nope}}y', c: ['{{n}}'] }, { n: 3 })).toEqual({ a: null, b: 'xy', c: [3] });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not yaml', 'rules: [\n  - when: {', /^r\.yaml:\d+:\d+: /],
    ['no rules key', 'other: 1\n', /r\.yaml:1:1: unknown key "other"/],
    ['rules not a list', 'rules: 3\n', /r\.yaml:1:8: "rules" must be a list/],
    ['missing when', 'rules:\n  - create: { name: x }\n', /r\.yaml:2:5: rules\[0\]\.when must be a mapping/],
    ['bad result', 'rules:\n  - when: { type: a, result: maybe }\n    create: { name: x }\n', /r\.yaml:2:11: rules\[0\]\.when\.result must be complete, error or any/],
    ['unknown create key', 'rules:\n  - when: { type: a }\n    create: { name: x, dependsOn: [1] }\n', /r\.yaml:3:13: rules\[0\]\.create: unknown key "dependsOn"/],
    ['invalid task', 'rules:\n  - when: { type: a }\n    create: { name: "bad name!" }\n', /r\.yaml:3:13: rules\[0\]\.create\.name: "bad name!" has forbidden characters/],
    ['duplicate names', 'rules:\n  - { name: a, when: { type: a }, create: { name: x } }\n  - { name: a, when: { type: a }, create: { name: x } }\n', /r\.yaml:3:13: rules\[1\]: duplicate rule name "a"/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} with file:line:column`, () => {
      let err: unknown;
      try {
        parseRules(text, 'r.yaml');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
    });
  }
});
