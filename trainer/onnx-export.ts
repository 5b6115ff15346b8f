/**
 * The reference trainer's softmax classifier as an ONNX model. The whole prediction is in the
 * graph: the pixel features of an image (`pixelFeatures`: average-pooled size×size grid, row by
 * row, RGB or grey, values in [0, 1]) go in as `pixels` [N, d]; the graph standardises them with
 * the trainer's normaliser (Sub mean, Div std, Mul scale), applies the weights (MatMul) and bias
 * (Add), and ends in Softmax, so `probabilities` [N, classes] are what the trainer computes.
 * The input grid, colour and class names are in the model's metadata_props, which is all a server
 * needs to turn an uploaded image into the input tensor and the output into class names.
 */
import onnxProto from 'onnx-proto';
import type { SoftmaxModel } from './softmax';

const { onnx } = onnxProto;

export interface OnnxInputSpec {
  imageSize: number;
  colour: 'rgb' | 'gray';
}

/** What the exporter writes into metadata_props, read back by `readOnnxMetadata`. */
export interface OnnxModelMetadata extends OnnxInputSpec {
  classes: string[];
  featureCount: number;
  inputName: string;
  outputName: string;
}

export const ONNX_INPUT_NAME = 'pixels';
export const ONNX_OUTPUT_NAME = 'probabilities';
export const ONNX_LOGITS_NAME = 'logits';
/** The opset the graph is written for (every operator it uses is unchanged since 13). */
export const ONNX_OPSET = 13;
const IR_VERSION = 7;
const META = {
  format: 'vision_platform.format',
  imageSize: 'vision_platform.input_size',
  colour: 'vision_platform.input_colour',
  classes: 'vision_platform.classes',
  features: 'vision_platform.feature_count',
} as const;
export const ONNX_MODEL_FORMAT = 'vision-platform/softmax-v1';

/** The checkpoint JSON the reference trainer uploads (final.json, epoch-N.json). */
export interface SoftmaxCheckpoint extends SoftmaxModel {
  format: string;
  input: OnnxInputSpec;
  jobId?: string;
  snapshotId?: string | null;
  epoch?: number;
  metrics?: Record<string, number>;
}

const floatTensor = (name: string, dims: number[], values: ArrayLike<number>) =>
  onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(values) });

const tensorType = (dims: Array<number | string>) =>
  onnx.TypeProto.create({
    tensorType: onnx.TypeProto.Tensor.create({
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: onnx.TensorShapeProto.create({
        dim: dims.map((d) => onnx.TensorShapeProto.Dimension.create(typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
      }),
    }),
  });

const node = (opType: string, inputs: string[], outputs: string[], attribute: InstanceType<typeof onnx.AttributeProto>[] = []) =>
  onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: `${opType.toLowerCase()}_${outputs[0]}`, attribute });

/** Serialise a trained softmax model and its input spec as ONNX bytes. */
export function softmaxModelToOnnx(model: SoftmaxModel, input: OnnxInputSpec, opts: { producerVersion?: string; docString?: string } = {}): Uint8Array {
  const classes = model.classes.length;
  const d = model.weights[0]?.length ?? 0;
  const channels = input.colour === 'rgb' ? 3 : 1;
  if (d !== input.imageSize * input.imageSize * channels) {
    throw new Error(
      `The model has ${d} features per image, but a ${input.imageSize}×${input.imageSize} ${input.colour} image gives ${input.imageSize ** 2 * channels}.`,
    );
  }
  if (model.normaliser.mean.length !== d || model.normaliser.std.length !== d || model.bias.length !== classes) {
    throw new Error('The model is inconsistent: normaliser, weights and bias disagree on their sizes.');
  }
  // MatMul wants [d, classes]: the transpose of the trainer's per-class weight rows.
  const weightsT = new Float64Array(d * classes);
  model.weights.forEach((row, c) => row.forEach((w, j) => (weightsT[j * classes + c] = w)));

  const graph = onnx.GraphProto.create({
    name: 'softmax_classifier',
    node: [
      node('Sub', [ONNX_INPUT_NAME, 'mean'], ['centred']),
      node('Div', ['centred', 'std'], ['standardised']),
      node('Mul', ['standardised', 'scale'], ['features']),
      node('MatMul', ['features', 'weights'], ['weighted']),
      node('Add', ['weighted', 'bias'], [ONNX_LOGITS_NAME]),
      node(
        'Softmax',
        [ONNX_LOGITS_NAME],
        [ONNX_OUTPUT_NAME],
        [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
      ),
    ],
    initializer: [
      floatTensor('mean', [d], model.normaliser.mean),
      floatTensor('std', [d], model.normaliser.std),
      floatTensor('scale', [], [model.normaliser.scale]),
      floatTensor('weights', [d, classes], weightsT),
      floatTensor('bias', [classes], model.bias),
    ],
    input: [onnx.ValueInfoProto.create({ name: ONNX_INPUT_NAME, type: tensorType(['batch', d]), docString: 'pixel features in [0, 1]' })],
    output: [
      onnx.ValueInfoProto.create({ name: ONNX_OUTPUT_NAME, type: tensorType(['batch', classes]) }),
      onnx.ValueInfoProto.create({ name: ONNX_LOGITS_NAME, type: tensorType(['batch', classes]) }),
    ],
  });
  const modelProto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: ONNX_OPSET })],
    producerName: 'vision-platform-reference-trainer',
    producerVersion: opts.producerVersion ?? '1',
    docString: opts.docString ?? 'Softmax classifier over average-pooled pixel features',
    graph,
    metadataProps: [
      [META.format, ONNX_MODEL_FORMAT],
      [META.imageSize, String(input.imageSize)],
      [META.colour, input.colour],
      [META.classes, JSON.stringify(model.classes)],
      [META.features, String(d)],
    ].map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
  });
  return onnx.ModelProto.encode(modelProto).finish();
}

/** Export a trainer checkpoint (the JSON in final.json) to ONNX. */
export function checkpointToOnnx(checkpoint: Buffer | string | SoftmaxCheckpoint): Uint8Array {
  const parsed: SoftmaxCheckpoint = typeof checkpoint === 'string' || Buffer.isBuffer(checkpoint) ? JSON.parse(checkpoint.toString()) : checkpoint;
  if (parsed.format !== ONNX_MODEL_FORMAT || !parsed.input || !Array.isArray(parsed.weights)) {
    throw new Error(`Not a reference trainer checkpoint (format ${JSON.stringify(parsed.format)}).`);
  }
  return softmaxModelToOnnx(parsed, parsed.input, {
    docString: `Softmax classifier${parsed.jobId ? ` trained by job ${parsed.jobId}` : ''}${parsed.epoch ? ` (epoch ${parsed.epoch})` : ''}`,
  });
}

/** Read the exporter's metadata back from ONNX bytes; null when the file was not written by it. */
export function readOnnxMetadata(bytes: Uint8Array): OnnxModelMetadata | null {
  let decoded: InstanceType<typeof onnx.ModelProto>;
  try {
    decoded = onnx.ModelProto.decode(bytes);
  } catch {
    return null;
  }
  const meta = new Map((decoded.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  if (meta.get(META.format) !== ONNX_MODEL_FORMAT) return null;
  const imageSize = Number(meta.get(META.imageSize));
  const colour = meta.get(META.colour);
  let classes: unknown;
  try {
    classes = JSON.parse(meta.get(META.classes) ?? '');
  } catch {
    return null;
  }
  if (!Number.isInteger(imageSize) || imageSize <= 0 || (colour !== 'rgb' && colour !== 'gray')) return null;
  if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) return null;
  return {
    imageSize,
    colour,
    classes: classes as string[],
    featureCount: Number(meta.get(META.features)),
    inputName: ONNX_INPUT_NAME,
    outputName: ONNX_OUTPUT_NAME,
  };
}
