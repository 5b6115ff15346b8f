import { describe, it, expect } from '@jest/globals';
import { datasetFiles, generateImages, IMAGE_SIZE, type AnnotationFormat, type ShapeClass } from '../labeler/sample-data';
import { pixelFeatures, readAnnotations } from './dataset';

const classes: ShapeClass[] = ['circle', 'square', 'triangle'];
const images = generateImages(1234, 6, classes);
/** The class of each image's largest box, as the trainer should derive it. */
const expected = images.map((img) => [...img.boxes].sort((a, b) => b.width * b.height - a.width * a.height)[0]!.className);

function filesOf(format: AnnotationFormat): Map<string, Buffer> {
  return new Map(datasetFiles(images, format, classes, true).map((f) => [f.path, f.data]));
}

describe('reading the seeded datasets', () => {
  it.each(['coco', 'yolo', 'voc'] as const)('labels every image with its largest object from %s annotations', (format) => {
    const annotations = readAnnotations(filesOf(format))!;
    expect(annotations.format).toBe(format);
    expect(annotations.labels.map((l) => l.label)).toEqual(expected);
  });

  it('finds no annotations in an unlabeled dataset', () => {
    const files = new Map(datasetFiles(images, 'coco', classes, false).map((f) => [f.path, f.data]));
    expect(readAnnotations(files)).toBeNull();
  });

  it('downsamples a PNG to size×size pixels per channel in [0, 1]', () => {
    const rgb = pixelFeatures(images[0]!.png, 8, 'rgb');
    const gray = pixelFeatures(images[0]!.png, 4, 'gray');
    expect(rgb).toHaveLength(8 * 8 * 3);
    expect(gray).toHaveLength(4 * 4);
    for (const v of [...rgb, ...gray]) expect(v >= 0 && v <= 1).toBe(true);
    expect(IMAGE_SIZE % 8).toBe(0);
  });
});
