/**
 * @jest-environment ./test/harness/native-arrays-environment.js
 */
import { describe, it, expect } from '@jest/globals';
import ort from 'onnxruntime-node';
import { datasetFiles, generateImages, type ShapeClass } from '../labeler/sample-data';
import { seededRandom } from '../lib/prng';
import { pixelFeatures, readAnnotations } from './dataset';
import { checkpointToOnnx, readOnnxMetadata, softmaxModelToOnnx, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from './onnx-export';
import { createModel, fitNormaliser, normalise, probabilities, trainEpoch } from './softmax';

const classes: ShapeClass[] = ['circle', 'square', 'triangle'];

/** Train the reference model exactly as the trainer does, on the seeded images' COCO annotations. */
function trainReference(colour: 'rgb' | 'gray', imageSize: number) {
  const images = generateImages(99, 36, classes);
  const files = new Map(datasetFiles(images, 'coco', classes, true).map((f) => [f.path, f.data]));
  const annotations = readAnnotations(files)!;
  const labels = [...new Set(annotations.labels.map((l) => l.label))].sort();
  const raw = annotations.labels.map((l) => pixelFeatures(files.get(l.key)!, imageSize, colour));
  const ys = annotations.labels.map((l) => labels.indexOf(l.label));
  const normaliser = fitNormaliser(raw);
  const xs = raw.map((row) => normalise(row, normaliser));
  const random = seededRandom(3);
  const model = createModel(labels, xs[0]!.length, normaliser, random);
  for (let epoch = 0; epoch < 15; epoch++) trainEpoch(model, xs, ys, { learningRate: 0.5, batchSize: 8, weightDecay: 1e-4, random });
  return { model, raw, xs };
}

async function run(bytes: Uint8Array, raw: number[][]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const d = raw[0]!.length;
  const input = new ort.Tensor('float32', Float32Array.from(raw.flat()), [raw.length, d]);
  const out = await session.run({ [ONNX_INPUT_NAME]: input });
  await session.release();
  return out[ONNX_OUTPUT_NAME]!.data as Float32Array;
}

describe('ONNX export of the reference model', () => {
  it.each([
    ['rgb', 8],
    ['gray', 4],
  ] as const)('onnxruntime-node reproduces the trainer’s probabilities on the seeded images (%s, %i px grid)', async (colour, imageSize) => {
    const { model, raw, xs } = trainReference(colour, imageSize);
    const bytes = softmaxModelToOnnx(model, { imageSize, colour });
    const got = await run(bytes, raw);
    let maxDiff = 0;
    xs.forEach((x, i) => {
      probabilities(model, x).forEach((p, c) => (maxDiff = Math.max(maxDiff, Math.abs(p - got[i * model.classes.length + c]!))));
    });
    expect(got).toHaveLength(xs.length * model.classes.length);
    expect(maxDiff).toBeLessThan(1e-5);
    // The model has learnt something, so the comparison is not between two uniform outputs.
    expect(Math.max(...got)).toBeGreaterThan(0.6);
  });

  it('records the input grid, colour and class names in metadata_props', () => {
    const { model } = trainReference('rgb', 8);
    const meta = readOnnxMetadata(softmaxModelToOnnx(model, { imageSize: 8, colour: 'rgb' }));
    expect(meta).toEqual({
      imageSize: 8,
      colour: 'rgb',
      classes: ['circle', 'square', 'triangle'],
      featureCount: 192,
      inputName: 'pixels',
      outputName: 'probabilities',
    });
    expect(readOnnxMetadata(Buffer.from('not a model'))).toBeNull();
  });

  it('exports a checkpoint as the trainer writes it, and refuses anything else', async () => {
    const { model, raw } = trainReference('gray', 4);
    const checkpoint = JSON.stringify({ format: 'vision-platform/softmax-v1', jobId: 'j1', epoch: 15, input: { imageSize: 4, colour: 'gray' }, ...model });
    const got = await run(checkpointToOnnx(Buffer.from(checkpoint)), raw.slice(0, 1));
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(() => checkpointToOnnx(JSON.stringify({ format: 'other' }))).toThrow(/Not a reference trainer checkpoint/);
    expect(() => softmaxModelToOnnx(model, { imageSize: 8, colour: 'gray' })).toThrow(/features per image/);
  });
});
