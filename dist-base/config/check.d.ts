/**
 * Checks one setting's value against its schema, in words a person reads: "must be an integer
 * from 1 to 100000, got 0". Durations written as text ("30s") become milliseconds here. A problem
 * says where inside the value it is (a list item, a key of an entry), so the loader can point at
 * the exact line of the file.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { type SubPath } from './problem.js';
export { Problem, type SubPath } from './problem.js';
/** The objects of a union told apart by their literal `type` (a provider), by type; else null. */
export declare function variantsOf(schema: TSchema): Map<string, TObject> | null;
/** "an integer from 1 to 10", "a duration (e.g. 30s, 2m) of at least 100ms", "one of …". */
export declare function describe(schema: TSchema): string;
/**
 * The value, checked against its schema and converted (durations to ms); the defaults of an
 * object's fields are filled in. Throws a Problem naming where inside the value it is.
 */
export declare function checkValue(schema: TSchema, value: unknown, at?: SubPath): unknown;
/** A setting's value from the text of an environment variable or a flag. */
export declare function fromText(schema: TSchema, text: string): unknown;
