/**
 * Jest's node environment with this process's own typed-array constructors. Native add-ons
 * (onnxruntime-node) create their typed arrays outside Jest's sandbox, and libraries loaded inside
 * it check them with `instanceof`; sharing the constructors makes both sides agree, as they do
 * in a service process. Test files that run ONNX models name it in their docblock.
 */
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class NativeArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

export default NativeArraysEnvironment;
