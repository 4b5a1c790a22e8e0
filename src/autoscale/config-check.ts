/**
 * Checking a configuration document against a TypeBox schema, the way a person wants to hear
 * about it: the first problem, named by its path (`groups[0].scaleDown.cooldown`) and, when the
 * document came from a file, by file:line:column; an unknown key with the nearest known one
 * ("did you mean …?"). Defaults from the schema are filled in. Nothing here knows about the
 * autoscaler: it is meant to serve every component's configuration.
 */
import { KindGuard, type TLiteral, type TObject, type TSchema, type TUnion } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ValidationError } from '../model/errors.js';

/** Where a path of the document is in its source, for messages ("file.yaml:7:5"), or just the file. */
export type Locate = (path: ReadonlyArray<string | number>) => string;

export interface ParsedSource {
  value: unknown;
  locate: Locate;
}

/** Parses YAML (JSON is YAML) keeping positions; a syntax error names file:line:column. */
export function parseSource(text: string, file: string): ParsedSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  const first = doc.errors[0];
  if (first) throw new ValidationError(at(first.pos[0]), first.message.split('\n')[0]!, { file });
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: locator(doc, file, at) };
}

function locator(doc: Document, file: string, at: (offset: number) => string): Locate {
  return (path) => {
    // Walk down the path; a map entry is located at its key. A missing step is reported at the
    // deepest node found (its parent).
    let node: unknown = doc.contents;
    let pos = rangeStart(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        pos = rangeStart(pair.key) ?? pos;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
        pos = rangeStart(node) ?? pos;
      } else break;
    }
    return pos === undefined ? file : at(pos);
  };
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/** `["groups", 0, "provider"]` -> `groups[0].provider` */
export function pathName(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' || /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

/** A ValidationError naming the key by path, and by position when the document has a source. */
export function configError(path: ReadonlyArray<string | number>, message: string, locate?: Locate): ValidationError {
  const name = pathName(path);
  const where = locate?.(path);
  return new ValidationError(where ? `${where}: ${name}` : name, message, { path: name, ...(where ? { at: where } : {}) });
}

/**
 * Refuses keys the schema does not know, anywhere in the document, naming the closest known key.
 * A union of objects told apart by a literal `type` field (a discriminated union, e.g. providers)
 * is checked against the member its `type` names; an unknown `type` is named with the known ones.
 */
export function checkKnownKeys(schema: TSchema, value: unknown, path: Array<string | number>, locate?: Locate): void {
  const s = discriminated(schema) ? pickVariant(schema, value, path, locate) : schema;
  if (KindGuard.IsObject(s) && value && typeof value === 'object' && !Array.isArray(value)) {
    const props = s.properties;
    const known = Object.keys(props);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) checkKnownKeys(props[k], v, [...path, k], locate);
      else if (s.additionalProperties === false) throw configError([...path, k], `unknown key${suggest(k, known)} (known here: ${known.join(', ')})`, locate);
    }
  } else if (KindGuard.IsArray(s) && Array.isArray(value)) {
    value.forEach((v, i) => checkKnownKeys(s.items, v, [...path, i], locate));
  } else if (KindGuard.IsRecord(s) && value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = Object.values(s.patternProperties)[0];
    if (inner) for (const [k, v] of Object.entries(value)) checkKnownKeys(inner, v, [...path, k], locate);
  }
}

function discriminated(s: TSchema): s is TUnion<TObject[]> {
  return KindGuard.IsUnion(s) && s.anyOf.every((m) => KindGuard.IsObject(m) && KindGuard.IsLiteral(m.properties.type));
}

/** The member of a discriminated union that `value.type` names, checked against its own schema. */
function pickVariant(s: TUnion<TObject[]>, value: unknown, path: Array<string | number>, locate?: Locate): TSchema {
  const what = s.title ?? 'type';
  const types = s.anyOf.map((m) => String((m.properties.type as TLiteral).const));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw configError(path, `must be a mapping with a type (${types.join(', ')})`, locate);
  const type = (value as { type?: unknown }).type;
  if (type === undefined) throw configError([...path, 'type'], `missing: which ${what} (one of ${types.join(', ')})`, locate);
  const i = types.indexOf(String(type));
  if (typeof type !== 'string' || i < 0) throw configError([...path, 'type'], `unknown ${what} "${String(type)}"${suggest(String(type), types)} (one of ${types.join(', ')})`, locate);
  const member = s.anyOf[i]!;
  checkSchema(member, value, path, locate);
  return member;
}

/** Refuses unknown keys, fills the schema's defaults in a copy of `value`, then checks it: the first error is thrown. */
export function checkSchema<T>(schema: TSchema, value: unknown, path: Array<string | number>, locate?: Locate, opts: { skipKeys?: boolean } = {}): T {
  if (!opts.skipKeys) checkKnownKeys(schema, value, path, locate);
  const filled = Value.Default(schema, Value.Clone(value));
  const first = Value.Errors(schema, filled).First();
  if (first) {
    const sub = first.path.split('/').filter(Boolean).map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
    const shown = first.value === undefined ? 'missing' : JSON.stringify(first.value);
    const msg =
      first.type === ValueErrorType.ObjectRequiredProperty
        ? 'is required'
        : first.type === ValueErrorType.Union
          ? `has the wrong type: ${first.schema.description ?? 'none of the allowed types'}`
          : first.message.charAt(0).toLowerCase() + first.message.slice(1);
    throw configError([...path, ...sub.map((x) => (/^\d+$/.test(x) ? Number(x) : x))], `${msg} (got ${shown && shown.length > 60 ? `${shown.slice(0, 57)}...` : shown})`, locate);
  }
  return filled as T;
}

/** " (did you mean "x"?)" when a known word is close enough, else "". */
export function suggest(word: string, options: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) (best = o), (bestD = d);
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
