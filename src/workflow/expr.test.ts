import { describe, expect, it } from 'vitest';
import { ExprError, evalExpr, exprRefs, parseCondition, parseExpr, parseTemplate, renderValue } from './expr.js';

const scope = { inputs: { n: 3, files: ['a', 'b'], name: 'x' }, needs: { fetch: { output: { rows: [1, 2, 3], ok: true } } }, item: 'a.txt', index: 2 };
const ev = (src: string) => evalExpr(parseExpr(src), scope);

describe('expressions', () => {
  it('paths, indexes, literals, operators and functions', () => {
    expect(ev('needs.fetch.output.rows[1]')).toBe(2);
    expect(ev("inputs['name']")).toBe('x');
    expect(ev('inputs.n >= 3 && !(index == 1)')).toBe(true);
    expect(ev("inputs.name == 'y' || len(inputs.files) == 2")).toBe(true);
  });

  it('functions: len, range, join, split, contains, keys, sum, lines, json', () => {
    expect(ev('range(3)')).toEqual([0, 1, 2]);
    expect(ev('range(2, 4)')).toEqual([2, 3]);
    expect(ev("join(inputs.files, '+')")).toBe('a+b');
    expect(ev("split('a,b,,c')")).toEqual(['a', 'b', 'c']);
    expect(ev("contains(inputs.files, 'b')")).toBe(true);
    expect(ev('keys(needs.fetch.output)')).toEqual(['rows', 'ok']);
    expect(ev('sum(needs.fetch.output.rows)')).toBe(6);
    expect(ev("lines('a\\n\\n b \\n')")).toEqual(['a', 'b']);
    expect(ev('json([1, null])')).toBe('[1,null]');
  });

  it('missing paths are null; nothing reaches prototypes', () => {
    expect(ev('needs.fetch.output.nope.deeper')).toBeNull();
    expect(ev('inputs.constructor')).toBeNull();
    expect(ev("inputs['__proto__']")).toBeNull();
    expect(() => ev('nothing')).toThrow(ExprError);
  });

  it('syntax errors carry the offset', () => {
    const at = (src: string) => {
      try {
        parseExpr(src);
      } catch (err) {
        return (err as ExprError).offset;
      }
      return -1;
    };
    expect(at('a +')).toBe(2);
    expect(at('a.')).toBe(2);
    expect(at("'open")).toBe(0);
    expect(at('f(1)')).toBe(0);
    expect(at('len(1, 2)')).toBe(0);
    expect(at('(a')).toBe(2);
    expect(() => parseExpr('a * b')).toThrow(/unexpected character "\*"/);
  });

  it('templates: a whole expression keeps its type, text around it makes a string', () => {
    expect(renderValue('${{ needs.fetch.output.rows }}', scope)).toEqual([1, 2, 3]);
    expect(renderValue('file ${{ item }} #${{ index }}', scope)).toBe('file a.txt #2');
    expect(renderValue({ a: ['${{ inputs.n }}', 'plain'] }, scope)).toEqual({ a: [3, 'plain'] });
    expect(() => parseTemplate('x ${{ a')).toThrow(/without a closing/);
    expect(parseTemplate('no expressions')).toBeNull();
  });

  it('conditions accept a bare expression or ${{ }}, and report references', () => {
    expect(parseCondition('${{ inputs.n }}').offset).toBe(3);
    expect(evalExpr(parseCondition('inputs.n > 2').expr, scope)).toBe(true);
    expect(exprRefs(parseExpr('needs.fetch.output[index]')).map((r) => r.path)).toEqual([['needs', 'fetch', 'output', null], ['index']]);
  });
});
