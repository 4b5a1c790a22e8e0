/**
 * Arrival curves for the simulator: a rate (tasks/s) over time plus bursts (a number of tasks
 * spread over a short span). Built in: `diurnal-1b`, a day of 1 billion tasks with a quiet night
 * and an afternoon peak 3x the day's average, and a 10-million-task burst at 10:30. Or a file:
 *
 *   duration: 2h
 *   points: [[0s, 100], [30m, 2000], [90m, 2000], [2h, 100]]   # [time, tasks/s], straight lines between
 *   bursts: [{ at: 45m, tasks: 50000, over: 1m }]
 */
import fs from 'node:fs';
import { Type, type Static } from '../../vendor/typebox.js';
import { checkValue } from '../../config/check.js';
import { readDocument } from '../../config/document.js';
import { duration } from '../../config/kinds.js';
import { keyOf, Problem } from '../../config/problem.js';
import { ValidationError } from '../../model/errors.js';

export interface Burst {
  atMs: number;
  tasks: number;
  overMs: number;
}

export interface Curve {
  name: string;
  description: string;
  durationMs: number;
  /** Arrival rate (tasks/s) at `tMs` from the start, bursts not included. */
  rate(tMs: number): number;
  bursts: Burst[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * 1e9 tasks over 24 h: a floor (the night) plus a Gaussian afternoon peak at 14:00 (sd 2.5 h),
 * its height chosen so the peak is 3x the day's average; then scaled to 1e9 for the day.
 */
export function diurnal1b(): Curve {
  const FLOOR = 0.05;
  const SD = 2.5;
  const gauss = (h: number) => Math.exp(-((h - 14) ** 2) / (2 * SD * SD));
  const STEPS = 24 * 60;
  let g = 0;
  for (let i = 0; i < STEPS; i++) g += gauss(((i + 0.5) * 24) / STEPS) / STEPS;
  // peak / mean = 3:  FLOOR + H = 3 (FLOOR + H g)
  const H = (2 * FLOOR) / (1 - 3 * g);
  const shape = (h: number) => FLOOR + H * gauss(h);
  const meanShape = FLOOR + H * g;
  const scale = 1e9 / 86_400 / meanShape;
  return {
    name: 'diurnal-1b',
    description: '1e9 tasks in 24 h: quiet night, afternoon peak 3x the average at 14:00, a burst of 1e7 tasks in 1 minute at 10:30',
    durationMs: DAY,
    rate: (t) => scale * shape(t / HOUR),
    bursts: [{ atMs: 10.5 * HOUR, tasks: 1e7, overMs: 60_000 }],
  };
}

export const BUILTIN_CURVES: Record<string, () => Curve> = { 'diurnal-1b': diurnal1b };

const Time = (description: string) => duration({ description });
export const CurveFileSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'shown in the table and the chart' })),
    duration: duration({ minimum: 1, description: 'how long the curve lasts' }),
    points: Type.Array(Type.Tuple([Time('from the start'), Type.Number({ minimum: 0, description: 'tasks per second' })]), { minItems: 1, description: '[time, tasks per second], joined by straight lines' }),
    bursts: Type.Array(
      Type.Object({ at: Time('from the start'), tasks: Type.Number({ minimum: 0 }), over: Type.Optional(Time('spread over')) }, { additionalProperties: false }),
      { default: [] },
    ),
  },
  { additionalProperties: false },
);
type CurveFile = Static<typeof CurveFileSchema>;

/** A built-in curve by name, or a curve file (YAML or JSON), checked with file:line:column. */
export function loadCurve(nameOrFile: string): Curve {
  const builtin = BUILTIN_CURVES[nameOrFile];
  if (builtin) return builtin();
  try {
    fs.accessSync(nameOrFile, fs.constants.R_OK);
  } catch (err) {
    throw new ValidationError('--curve', `"${nameOrFile}" is neither a built-in curve (${Object.keys(BUILTIN_CURVES).join(', ')}) nor a readable file: ${(err as Error).message}`);
  }
  const doc = readDocument<CurveFile>(nameOrFile, CurveFileSchema, 'curve file');
  try {
    return build(doc.value, nameOrFile);
  } catch (err) {
    throw err instanceof Problem ? doc.refuse(err) : err;
  }
}

/** A curve given as an object (the TypeScript API): errors name the key ("points[1][0]"). */
export function curveFrom(value: unknown, name: string): Curve {
  try {
    return build(checkValue(CurveFileSchema, value) as CurveFile, name);
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    throw new ValidationError(keyOf(err.at) || '(top level)', err.message);
  }
}

function build(raw: CurveFile, name: string): Curve {
  const durationMs = raw.duration;
  const points = raw.points.map(([t, r]) => [t, r] as const);
  for (let i = 1; i < points.length; i++) {
    if (points[i]![0] < points[i - 1]![0]) throw new Problem(['points', i, 0], 'times must not go backwards');
  }
  const bursts = raw.bursts.map((b) => ({ atMs: b.at, tasks: b.tasks, overMs: b.over === undefined ? 1000 : Math.max(1, b.over) }));
  return {
    name: raw.name ?? name,
    description: `${raw.name ?? name}: ${points.length} points over ${durationMs / 1000}s${bursts.length ? `, ${bursts.length} burst(s)` : ''}`,
    durationMs,
    rate: (t) => {
      if (t <= points[0]![0]) return points[0]![1];
      for (let i = 1; i < points.length; i++) {
        const [t1, r1] = points[i]!;
        const [t0, r0] = points[i - 1]!;
        if (t <= t1) return t1 === t0 ? r1 : r0 + ((r1 - r0) * (t - t0)) / (t1 - t0);
      }
      return points[points.length - 1]![1];
    },
    bursts,
  };
}
