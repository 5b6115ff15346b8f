/**
 * Small but real sample datasets: 32×32 PNG images of coloured shapes (pngjs), annotations in
 * COCO, YOLO or VOC, and a tar.gz archive of the lot. Deterministic: the same seed gives the same
 * bytes, so re-seeding never changes what is stored.
 */
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { seededRandom } from '../lib/prng';

export const IMAGE_SIZE = 32;
export type ShapeClass = 'circle' | 'square' | 'triangle';
export type AnnotationFormat = 'coco' | 'yolo' | 'voc';

export interface Box {
  className: ShapeClass;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SampleImage {
  fileName: string;
  png: Buffer;
  boxes: Box[];
}

export interface SampleFile {
  /** Path relative to the dataset's folder, e.g. `images/img_000.png`. */
  path: string;
  data: Buffer;
  contentType: string;
}

const PALETTE: Array<[number, number, number]> = [
  [230, 57, 70],
  [29, 53, 87],
  [42, 157, 143],
  [244, 162, 97],
  [131, 56, 236],
  [255, 190, 11],
];

function inside(shape: ShapeClass, box: Box, px: number, py: number): boolean {
  const u = (px + 0.5 - box.x) / box.width;
  const v = (py + 0.5 - box.y) / box.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return false;
  if (shape === 'square') return true;
  if (shape === 'circle') return (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25;
  return Math.abs(u - 0.5) <= v / 2; // apex up
}

function renderPng(boxes: Box[], background: [number, number, number], colours: Array<[number, number, number]>): Buffer {
  const png = new PNG({ width: IMAGE_SIZE, height: IMAGE_SIZE });
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const hit = boxes.findIndex((b) => inside(b.className, b, x, y));
      const [r, g, b] = hit >= 0 ? colours[hit]! : background;
      const i = (y * IMAGE_SIZE + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** `count` images with one or two shapes each, drawn from `classes`. */
export function generateImages(seed: number, count: number, classes: ShapeClass[]): SampleImage[] {
  const rnd = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)]!;
  const shapes: ShapeClass[] = classes.length ? classes : ['circle', 'square'];
  return Array.from({ length: count }, (_, index) => {
    const boxes: Box[] = [];
    const objects = 1 + Math.floor(rnd() * 2);
    for (let k = 0; k < objects; k++) {
      const size = 8 + Math.floor(rnd() * 7);
      // Two objects sit in different halves so their boxes never overlap.
      const half = objects === 1 ? { from: 0, to: IMAGE_SIZE } : k === 0 ? { from: 0, to: IMAGE_SIZE / 2 } : { from: IMAGE_SIZE / 2, to: IMAGE_SIZE };
      const x = half.from + Math.floor(rnd() * Math.max(1, half.to - half.from - size));
      const y = Math.floor(rnd() * (IMAGE_SIZE - size));
      boxes.push({ className: pick(shapes), x, y, width: size, height: size });
    }
    const background: [number, number, number] = [200 + Math.floor(rnd() * 56), 200 + Math.floor(rnd() * 56), 200 + Math.floor(rnd() * 56)];
    const png = renderPng(
      boxes,
      background,
      boxes.map(() => pick(PALETTE)),
    );
    return { fileName: `img_${String(index).padStart(3, '0')}.png`, png, boxes };
  });
}

const stem = (fileName: string) => fileName.replace(/\.png$/, '');
const text = (path: string, body: string, contentType: string): SampleFile => ({ path, data: Buffer.from(body), contentType });

export function cocoAnnotations(images: SampleImage[], classes: ShapeClass[]): string {
  let annotationId = 0;
  return JSON.stringify(
    {
      info: { description: 'Vision Platform Graph sample dataset', version: '1.0' },
      images: images.map((img, i) => ({ id: i + 1, file_name: img.fileName, width: IMAGE_SIZE, height: IMAGE_SIZE })),
      annotations: images.flatMap((img, i) =>
        img.boxes.map((b) => ({
          id: ++annotationId,
          image_id: i + 1,
          category_id: classes.indexOf(b.className) + 1,
          bbox: [b.x, b.y, b.width, b.height],
          area: b.width * b.height,
          iscrowd: 0,
        })),
      ),
      categories: classes.map((name, i) => ({ id: i + 1, name, supercategory: 'shape' })),
    },
    null,
    2,
  );
}

/** One YOLO line per box: `class cx cy w h`, normalised to [0, 1]. */
export function yoloLabel(img: SampleImage, classes: ShapeClass[]): string {
  const n = (v: number) => (v / IMAGE_SIZE).toFixed(6);
  return (
    img.boxes.map((b) => `${classes.indexOf(b.className)} ${n(b.x + b.width / 2)} ${n(b.y + b.height / 2)} ${n(b.width)} ${n(b.height)}`).join('\n') + '\n'
  );
}

export function vocAnnotation(img: SampleImage): string {
  const objects = img.boxes
    .map(
      (b) => `  <object>
    <name>${b.className}</name>
    <difficult>0</difficult>
    <bndbox><xmin>${b.x}</xmin><ymin>${b.y}</ymin><xmax>${b.x + b.width}</xmax><ymax>${b.y + b.height}</ymax></bndbox>
  </object>`,
    )
    .join('\n');
  return `<annotation>
  <folder>images</folder>
  <filename>${img.fileName}</filename>
  <size><width>${IMAGE_SIZE}</width><height>${IMAGE_SIZE}</height><depth>3</depth></size>
${objects}
</annotation>
`;
}

/** Every file of a dataset: the images plus annotations in `format` (none when unlabeled). */
export function datasetFiles(images: SampleImage[], format: AnnotationFormat, classes: ShapeClass[], labeled: boolean): SampleFile[] {
  const files: SampleFile[] = images.map((img) => ({ path: `images/${img.fileName}`, data: img.png, contentType: 'image/png' }));
  if (!labeled) return files;
  if (format === 'coco') files.push(text('annotations/instances.json', cocoAnnotations(images, classes), 'application/json'));
  if (format === 'yolo') {
    files.push(text('classes.txt', classes.join('\n') + '\n', 'text/plain'));
    for (const img of images) files.push(text(`labels/${stem(img.fileName)}.txt`, yoloLabel(img, classes), 'text/plain'));
  }
  if (format === 'voc') for (const img of images) files.push(text(`Annotations/${stem(img.fileName)}.xml`, vocAnnotation(img), 'application/xml'));
  return files;
}

/** A ustar archive (gzip-compressed) of `files`; fixed mtime keeps it byte-for-byte reproducible. */
export function tarGz(files: SampleFile[], mtime = 1_735_689_600): Buffer {
  const blocks: Buffer[] = [];
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  for (const file of files) {
    const header = Buffer.alloc(512);
    header.write(file.path, 0, 100, 'utf8');
    header.write(octal(0o644, 8), 100, 'ascii');
    header.write(octal(0, 8), 108, 'ascii');
    header.write(octal(0, 8), 116, 'ascii');
    header.write(octal(file.data.length, 12), 124, 'ascii');
    header.write(octal(mtime, 12), 136, 'ascii');
    header.write('        ', 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\0' + '00', 257, 'ascii');
    const checksum = header.reduce((sum, byte) => sum + byte, 0);
    header.write(checksum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
    blocks.push(header, file.data, Buffer.alloc((512 - (file.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}
