/**
 * The building blocks of the configuration schema: the documentation every setting carries, and
 * the kinds of value the schema's files share (a choice of words, a duration, a name).
 */
import { Kind, OptionalKind, Type } from '@sinclair/typebox';
import { MAX_TIMER_MS } from '../model/duration.js';
/** Queue, group and worker names: what src/model/spec.ts accepts as a name. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:\\-/]*$';
export const NAME_MAX_LENGTH = 200;
export const oneOf = (values, doc) => Type.Union(values.map((v) => Type.Literal(v)), doc);
/**
 * Milliseconds. At most 24 days unless the setting says otherwise: nearly every duration here
 * ends up in a timer, and Node fires a timer of more than 2^31 ms at once (MAX_TIMER_MS).
 */
export const duration = (doc) => Type.Integer({ minimum: 0, maximum: MAX_TIMER_MS, ...doc, duration: true });
export const isOptional = (s) => s[OptionalKind] === 'Optional';
export const kindOf = (s) => s[Kind];
//# sourceMappingURL=kinds.js.map