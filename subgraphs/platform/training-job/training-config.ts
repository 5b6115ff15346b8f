/**
 * Training configuration per framework and task (T4): Basic fields every framework shares
 * (epochs, batch size, image size, learning rate) and Advanced fields of its own. Validation
 * answers BAD_USER_INPUT with one message per offending field (`config.<field>`).
 */
import { z } from 'zod';
import { ROLE_RANK, type Role } from '../../../lib/auth';
import { appError, badInput, mustBe } from '../../../lib/errors';
import { expectationOf } from '../../../lib/validation-wording';

export interface FrameworkSpec {
  tasks: readonly string[];
  models: Record<string, readonly string[]>;
  defaultModel: Record<string, string>;
  basic: z.ZodRawShape;
  advanced: z.ZodRawShape;
}

const int = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

export const FRAMEWORKS: Record<string, FrameworkSpec> = {
  /** The CPU reference trainer in `trainer/`: a softmax classifier on downscaled pixels. */
  reference: {
    tasks: ['classification'],
    models: { classification: ['softmax'] },
    defaultModel: { classification: 'softmax' },
    basic: {
      epochs: int(1, 500, 20),
      batchSize: int(1, 4096, 16),
      /** Side of the square the images are downscaled to before training. */
      imageSize: int(2, 64, 8),
      learningRate: z.number().gt(0).max(10).default(0.5),
    },
    advanced: {
      weightDecay: z.number().min(0).max(1).default(0),
      colour: z.enum(['rgb', 'gray']).default('rgb'),
      seed: int(0, 2 ** 31 - 1, 42),
    },
  },
  /** Ultralytics YOLO, run by GPU workers that speak the worker protocol. */
  ultralytics: {
    tasks: ['detection', 'segmentation'],
    models: {
      detection: ['yolov8n', 'yolov8s', 'yolov8m', 'yolov8l', 'yolov8x'],
      segmentation: ['yolov8n-seg', 'yolov8s-seg', 'yolov8m-seg', 'yolov8l-seg', 'yolov8x-seg'],
    },
    defaultModel: { detection: 'yolov8n', segmentation: 'yolov8n-seg' },
    basic: {
      epochs: int(1, 1000, 100),
      batchSize: int(1, 512, 16),
      imageSize: z.number().int().min(32).max(2048).multipleOf(32).default(640),
      learningRate: z.number().gt(0).max(1).default(0.01),
    },
    advanced: {
      optimizer: z.enum(['auto', 'SGD', 'Adam', 'AdamW']).default('auto'),
      momentum: z.number().min(0).max(1).default(0.937),
      weightDecay: z.number().min(0).max(1).default(0.0005),
      mosaic: z.number().min(0).max(1).default(1),
      fliplr: z.number().min(0).max(1).default(0.5),
      cosineLr: z.boolean().default(false),
      patience: int(0, 1000, 100),
    },
  },
};

export interface ValidatedJobSpec {
  framework: string;
  task: string;
  model: string;
  config: Record<string, unknown>;
}

function parseConfigText(text: string | null | undefined): Record<string, unknown> {
  if (text === null || text === undefined || text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw mustBe('config', 'a JSON object, e.g. {"epochs": 20}');
}

/** A whole-number field (`z.number().int()`, with or without a default). */
function isWholeNumber(schema: z.core.$ZodType | undefined): boolean {
  const inner = schema instanceof z.ZodDefault ? schema.unwrap() : schema;
  return inner instanceof z.ZodNumber && inner.isInt;
}

/** What a config field must be, in the words the form shows under it ("at most 500", "one of rgb, gray"). */
const expectation = (issue: z.core.$ZodIssue, schema: z.core.$ZodType | undefined): string =>
  expectationOf(issue, { wholeNumber: isWholeNumber(schema) }) ?? issue.message;

/** A framework's spec by name; only the table's own entries (`__proto__`, `constructor` are names of nothing). */
const specOf = (framework: string) => (Object.hasOwn(FRAMEWORKS, framework) ? FRAMEWORKS[framework] : undefined);

/** Resolve defaults and validate; throws BAD_USER_INPUT listing every bad field at once. */
export function validateJobSpec(input: { framework?: string | null; task?: string | null; model?: string | null; config?: string | null }): ValidatedJobSpec {
  const framework = input.framework ?? 'reference';
  const spec = specOf(framework);
  if (!spec) throw badInput(`Unknown framework "${framework}".`, { framework: `one of ${Object.keys(FRAMEWORKS).join(', ')}` });
  const task = input.task ?? spec.tasks[0]!;
  if (!spec.tasks.includes(task)) throw badInput(`Framework ${framework} does not do ${task}.`, { task: `one of ${spec.tasks.join(', ')}` });
  const model = input.model ?? spec.defaultModel[task]!;
  const fields: Record<string, string> = {};
  if (!spec.models[task]!.includes(model)) fields.model = `one of ${spec.models[task]!.join(', ')}`;
  const raw = parseConfigText(input.config);
  const shape = { ...spec.basic, ...spec.advanced };
  const parsed = z.object(shape).strict().safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields[`config.${key}`] = 'unknown field';
      else fields[`config.${issue.path.join('.')}`] = expectation(issue, shape[String(issue.path[0])]);
    }
  }
  if (Object.keys(fields).length > 0 || !parsed.success) {
    throw badInput(
      `Invalid training configuration: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
      fields,
    );
  }
  return { framework, task, model, config: parsed.data as Record<string, unknown> };
}

/** The form description the console renders (`trainingConfigSchema`): JSON Schema per group. */
export function configSchemaOf(framework: string, task: string): { basic: unknown; advanced: unknown; models: readonly string[] } | null {
  const spec = specOf(framework);
  if (!spec || !spec.tasks.includes(task)) return null;
  return {
    basic: z.toJSONSchema(z.object(spec.basic), { io: 'input' }),
    advanced: z.toJSONSchema(z.object(spec.advanced), { io: 'input' }),
    models: spec.models[task]!,
  };
}

/**
 * The lowest role that may set Advanced training options (seed Phase 1: advanced_engineer trains
 * with advanced options, standard_engineer with the Basic ones). docs/permissions.md "Advanced-only"
 * lists this rule and a test compares the two.
 */
export const ADVANCED_OPTIONS_ROLE: Role = 'advanced_engineer';

/**
 * Every rule that sets advanced_engineer apart from standard_engineer inside an operation both may
 * run. docs/permissions.md "Advanced-only" has one row per entry (test/permissions-doc.test.ts
 * compares them), and the permission matrix test runs each.
 */
export const ADVANCED_ONLY_RULES = [
  {
    id: 'advanced-training-options',
    operations: ['Mutation.createTrainingJob', 'Mutation.retryTrainingJob'],
    role: ADVANCED_OPTIONS_ROLE,
  },
] as const satisfies ReadonlyArray<{ id: string; operations: readonly string[]; role: Role }>;

/** Advanced options of `config` (already validated) that are set to something other than their default. */
export function advancedOptionsSet(framework: string, config: Record<string, unknown>): string[] {
  const spec = specOf(framework);
  if (!spec) return [];
  return Object.entries(spec.advanced)
    .filter(([name, schema]) => {
      if (!(name in config)) return false;
      const fallback = (schema as z.ZodType).safeParse(undefined);
      return !fallback.success || JSON.stringify(fallback.data) !== JSON.stringify(config[name]);
    })
    .map(([name]) => name);
}

/**
 * FORBIDDEN when `role` is below ADVANCED_OPTIONS_ROLE and `config` sets an Advanced option to
 * anything but its default; `extensions.fields` names each such option (`config.<name>`).
 */
export function requireAdvancedRole(role: Role, framework: string, config: Record<string, unknown>): void {
  if (ROLE_RANK[role] >= ROLE_RANK[ADVANCED_OPTIONS_ROLE]) return;
  const used = advancedOptionsSet(framework, config);
  if (used.length === 0) return;
  throw appError(
    'FORBIDDEN',
    `Advanced training options (${used.join(', ')}) need the advanced_engineer role; leave them at their defaults or ask a manager to change your role.`,
    { fields: Object.fromEntries(used.map((name) => [`config.${name}`, 'advanced option: advanced_engineer role or higher'])) },
  );
}
