import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import { datasetFiles, generateImages, IMAGE_SIZE, tarGz, yoloLabel } from './sample-data';

describe('sample datasets', () => {
  it('draws the same real PNG images for the same seed', () => {
    const a = generateImages(42, 3, ['circle', 'square']);
    const b = generateImages(42, 3, ['circle', 'square']);
    a.forEach((img, i) => expect(img.png.equals(b[i]!.png)).toBe(true));
    const png = PNG.sync.read(a[0]!.png);
    expect([png.width, png.height]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
  });

  it('keeps every box inside the image and writes normalised YOLO lines', () => {
    for (const img of generateImages(7, 20, ['circle', 'square', 'triangle'])) {
      for (const box of img.boxes) {
        expect(box.x + box.width).toBeLessThanOrEqual(IMAGE_SIZE);
        expect(box.y + box.height).toBeLessThanOrEqual(IMAGE_SIZE);
      }
      for (const line of yoloLabel(img, ['circle', 'square', 'triangle']).trim().split('\n')) {
        const [cls, ...coords] = line.split(' ').map(Number);
        expect([0, 1, 2]).toContain(cls);
        for (const c of coords) {
          expect(c).toBeGreaterThan(0);
          expect(c).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('packs files into a tar.gz whose entries keep their bytes', () => {
    const files = datasetFiles(generateImages(1, 2, ['circle']), 'coco', ['circle'], true);
    const tar = gunzipSync(tarGz(files));
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(0, 100).toString().replace(/\0.*$/s, '')).toBe('images/img_000.png');
    expect(tar.subarray(512, 512 + files[0]!.data.length).equals(files[0]!.data)).toBe(true);
    expect(tarGz(files).equals(tarGz(files))).toBe(true);
  });
});
