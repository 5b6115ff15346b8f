import { describe, expect, it } from '@jest/globals';
import { summarize, yamlNames } from './annotations';

describe('summarize (finalize)', () => {
  it('counts COCO annotations and orders categories by id', () => {
    const coco = JSON.stringify({
      categories: [
        { id: 2, name: 'b' },
        { id: 1, name: 'a' },
      ],
      annotations: [{}, {}, {}],
    });
    expect(summarize('coco', ['images/1.png', 'images/2.JPG', 'annotations/i.json'], new Map([['annotations/i.json', coco]]))).toEqual({
      numImages: 2,
      numAnnotations: 3,
      classNames: ['a', 'b'],
      labeled: true,
    });
  });

  it('reads YOLO classes from classes.txt or a data YAML and counts label lines', () => {
    const texts = new Map([
      ['classes.txt', 'cat\ndog\n'],
      ['labels/1.txt', '0 0.5 0.5 0.1 0.1\n1 0.2 0.2 0.1 0.1\n'],
      ['notes.txt', 'hello'],
    ]);
    expect(summarize('yolo', ['images/1.png'], texts)).toEqual({ numImages: 1, numAnnotations: 2, classNames: ['cat', 'dog'], labeled: true });
    expect(yamlNames('path: x\nnames: [cat, "dog"]\n')).toEqual(['cat', 'dog']);
    expect(yamlNames('names:\n  0: cat\n  1: dog\n')).toEqual(['cat', 'dog']);
    expect(yamlNames('names:\n  - cat\n  - dog\n')).toEqual(['cat', 'dog']);
  });

  it('collects VOC object names, declared classes first', () => {
    const xml = '<annotation><object><name>zebra</name></object><object><name>cat</name></object></annotation>';
    expect(summarize('voc', ['images/1.png', 'Annotations/1.xml'], new Map([['Annotations/1.xml', xml]]), ['cat'])).toEqual({
      numImages: 1,
      numAnnotations: 2,
      classNames: ['cat', 'zebra'],
      labeled: true,
    });
  });

  it('reports an unlabeled dataset when no annotation is found', () => {
    expect(summarize('coco', ['images/1.png'], new Map())).toEqual({ numImages: 1, numAnnotations: 0, classNames: [], labeled: false });
  });
});
