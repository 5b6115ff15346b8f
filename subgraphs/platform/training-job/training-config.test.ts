import { describe, it, expect } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { configSchemaOf, validateJobSpec } from './training-config';

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

  it('checks framework-specific rules: YOLO image sizes are multiples of 32 and the task must fit the framework', () => {
    expect(fieldsOf(() => validateJobSpec({ framework: 'ultralytics', config: '{"imageSize": 600}' }))).toHaveProperty(['config.imageSize']);
    expect(fieldsOf(() => validateJobSpec({ framework: 'ultralytics', task: 'classification' }))).toHaveProperty('task');
    expect(validateJobSpec({ framework: 'ultralytics', task: 'segmentation' }).model).toBe('yolov8n-seg');
  });

  it('rejects a config that is not a JSON object', () => {
    expect(fieldsOf(() => validateJobSpec({ config: '[1, 2]' }))).toEqual({ config: 'not a JSON object' });
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
