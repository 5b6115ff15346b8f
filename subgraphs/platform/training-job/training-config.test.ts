import { describe, it, expect } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { ADVANCED_OPTIONS_ROLE, advancedOptionsSet, configSchemaOf, requireAdvancedRole, validateJobSpec } from './training-config';

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.fields as Record<string, string>;
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('training configuration', () => {
  it('fills every default for a minimal reference job', () => {
    expect(validateJobSpec({})).toEqual({
      framework: 'reference',
      task: 'classification',
      model: 'softmax',
      config: { epochs: 20, batchSize: 16, imageSize: 8, learningRate: 0.5, weightDecay: 0, colour: 'rgb', seed: 42 },
    });
  });

  it('names every offending field at once', () => {
    const fields = fieldsOf(() => validateJobSpec({ model: 'resnet', config: JSON.stringify({ epochs: 1.5, batchSize: 0, extra: true }) }));
    expect(Object.keys(fields).sort()).toEqual(['config.batchSize', 'config.epochs', 'config.extra', 'model']);
  });

  it('says in plain words what each offending field must be', () => {
    expect(
      fieldsOf(() =>
        validateJobSpec({
          config: JSON.stringify({ epochs: 1000, batchSize: 0, imageSize: 2.5, learningRate: 0, weightDecay: '0.1', colour: 'pink', seed: true }),
        }),
      ),
    ).toEqual({
      'config.epochs': 'at most 500',
      'config.batchSize': 'at least 1',
      'config.imageSize': 'a whole number',
      'config.learningRate': 'more than 0',
      'config.weightDecay': 'a number',
      'config.colour': 'one of rgb, gray',
      'config.seed': 'a whole number',
    });
    expect(fieldsOf(() => validateJobSpec({ framework: 'ultralytics', config: JSON.stringify({ imageSize: 600, cosineLr: 'yes' }) }))).toEqual({
      'config.imageSize': 'a multiple of 32',
      'config.cosineLr': 'true or false',
    });
    let message = '';
    try {
      validateJobSpec({ config: '{"epochs": 0}' });
    } catch (error) {
      message = (error as GraphQLError).message;
    }
    expect(message).toBe('Invalid training configuration: config.epochs: at least 1');
  });

  it('checks framework-specific rules: YOLO image sizes are multiples of 32 and the task must fit the framework', () => {
    expect(fieldsOf(() => validateJobSpec({ framework: 'ultralytics', config: '{"imageSize": 600}' }))).toHaveProperty(['config.imageSize']);
    expect(fieldsOf(() => validateJobSpec({ framework: 'ultralytics', task: 'classification' }))).toHaveProperty('task');
    expect(validateJobSpec({ framework: 'ultralytics', task: 'segmentation' }).model).toBe('yolov8n-seg');
  });

  it('rejects a config that is not a JSON object', () => {
    expect(fieldsOf(() => validateJobSpec({ config: '[1, 2]' }))).toEqual({ config: 'a JSON object, e.g. {"epochs": 20}' });
  });

  it('describes Basic and Advanced fields as JSON Schema for the console', () => {
    const schema = configSchemaOf('ultralytics', 'detection') as {
      basic: { properties: Record<string, unknown> };
      advanced: { properties: Record<string, unknown> };
    };
    expect(Object.keys(schema.basic.properties)).toEqual(['epochs', 'batchSize', 'imageSize', 'learningRate']);
    expect(schema.advanced.properties).toHaveProperty('optimizer');
    expect(configSchemaOf('reference', 'detection')).toBeNull();
  });
});

describe('advanced training options by role', () => {
  const codeOf = (fn: () => unknown): { code: unknown; fields: unknown } | null => {
    try {
      fn();
      return null;
    } catch (error) {
      return { code: (error as GraphQLError).extensions.code, fields: (error as GraphQLError).extensions.fields };
    }
  };

  it('lists only the advanced options set to something other than their default', () => {
    const { config } = validateJobSpec({ config: '{"epochs": 3, "seed": 42, "colour": "gray"}' });
    expect(advancedOptionsSet('reference', config)).toEqual(['colour']);
    expect(advancedOptionsSet('reference', validateJobSpec({}).config)).toEqual([]);
    expect(advancedOptionsSet('no-such-framework', { seed: 1 })).toEqual([]);
  });

  it('refuses a standard engineer (and a guest) with FORBIDDEN naming each option', () => {
    const { config } = validateJobSpec({ framework: 'ultralytics', task: 'detection', config: '{"optimizer": "Adam", "patience": 5, "epochs": 3}' });
    for (const role of ['standard_engineer', 'guest'] as const) {
      expect(codeOf(() => requireAdvancedRole(role, 'ultralytics', config))).toEqual({
        code: 'FORBIDDEN',
        fields: { 'config.optimizer': expect.any(String), 'config.patience': expect.any(String) },
      });
    }
  });

  it('lets a standard engineer train with Basic options and Advanced defaults', () => {
    const { config } = validateJobSpec({ config: '{"epochs": 3, "seed": 42}' });
    expect(codeOf(() => requireAdvancedRole('standard_engineer', 'reference', config))).toBeNull();
  });

  it.each(['advanced_engineer', 'manager', 'admin'] as const)('lets %s set advanced options', (role) => {
    const { config } = validateJobSpec({ config: '{"seed": 7, "weightDecay": 0.1}' });
    expect(codeOf(() => requireAdvancedRole(role, 'reference', config))).toBeNull();
  });

  it('is the advanced_engineer role', () => {
    expect(ADVANCED_OPTIONS_ROLE).toBe('advanced_engineer');
  });
});
