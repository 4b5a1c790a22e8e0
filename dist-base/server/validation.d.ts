/**
 * Fastify's validator compiler, built on TypeBox: request bodies are checked as sent (no type
 * coercion — a string where a number belongs is an error naming the field, never silently
 * converted), while query strings and path parameters, which are text by nature, are converted
 * first. The first error becomes a ValidationError naming the field, mapped to 400 in errors.ts.
 */
import { type TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';
/** "/tasks/3/priority" -> "tasks[3].priority" */
export declare function fieldFromPath(path: string, part: string): string;
export declare function typeboxValidatorCompiler(references: TSchema[]): FastifySchemaCompiler<TSchema>;
/** For a union, what it allows ("must be one of a, b", "must be a string or null") instead of TypeBox's "expected union value". */
export declare function allowedForms(schema: TSchema): string | null;
