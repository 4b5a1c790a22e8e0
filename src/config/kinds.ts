/**
 * The building blocks of the configuration schema: the documentation every setting carries, and
 * the kinds of value the schema's files share (a choice of words, a duration, a name).
 */
import { Kind, OptionalKind, Type, type TLiteral, type TSchema, type TUnion } from '../vendor/typebox.js';
import { MAX_TIMER_MS } from '../model/duration.js';

export type Reload = 'live' | 'restart';

/** The documentation every setting carries (TypeBox keeps extra keys on the schema). */
export interface SettingDoc {
  description: string;
  /**
   * Whether a running process applies a change on SIGHUP or a change of the file. A field inside
   * a setting (a group's `policy.minWorkers`) may say its own; otherwise it takes its setting's.
   */
  reload: Reload;
  /** Environment variable that sets it. */
  env?: string;
  /** Command-line flag (commander syntax), on the commands that use the setting. */
  flag?: string;
  /** The flag's help when it is not the description (a `--no-…` flag turns the setting off). */
  flagHelp?: string;
  /** What values it takes, when the type alone does not say it well. */
  accepts?: string;
  /** What an unset Optional setting means. */
  defaultText?: string;
  /** Never printed: `all` hides the value, `url` hides a password inside a URL. */
  secret?: 'all' | 'url';
  /** A path: relative to the config file's folder when given in the file. */
  relativePath?: boolean;
  /** Milliseconds, also written as a duration ("30s"). */
  duration?: boolean;
  /** Names this setting had in older config files (for "did you mean …?"). */
  formerly?: string[];
}

/** Queue, group and worker names: what src/model/spec.ts accepts as a name. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:\\-/]*$';
export const NAME_MAX_LENGTH = 200;

export const oneOf = <T extends readonly string[]>(values: T, doc: SettingDoc & { default?: T[number] }) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    doc,
  ) as unknown as TUnion<Array<TLiteral<T[number]>>>;

/**
 * Milliseconds. At most 24 days unless the setting says otherwise: nearly every duration here
 * ends up in a timer, and Node fires a timer of more than 2^31 ms at once (MAX_TIMER_MS).
 */
export const duration = (doc: Omit<SettingDoc, 'duration' | 'reload'> & { reload?: Reload; default?: number; minimum?: number; maximum?: number }) =>
  Type.Integer({ minimum: 0, maximum: MAX_TIMER_MS, ...doc, duration: true });

export const isOptional = (s: TSchema): boolean => (s as { [OptionalKind]?: string })[OptionalKind] === 'Optional';
export const kindOf = (s: TSchema): string => (s as { [Kind]: string })[Kind];
