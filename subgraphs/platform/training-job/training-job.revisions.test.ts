import { describe, it, expect } from '@jest/globals';
import type { TrainingJobRecord } from './training-job.entity';
import { asOfRevision, createRevisionCache, parseRevision } from './training-job.revisions';

const job = {
  id: 'job_1',
  name: 'run',
  status: 'running',
  progress: 73.33,
  epoch: 22,
  totalEpochs: 30,
  attempts: 1,
  updatedAt: new Date('2026-01-01T00:00:02.000Z'),
  finishedAt: null,
} as unknown as TrainingJobRecord;

describe('asOfRevision', () => {
  it("shows the job's own fields as the revision recorded them, and everything else as read", () => {
    const state = { status: 'running', progress: 70, epoch: 21, totalEpochs: 30, attempts: 1, updatedAt: '2026-01-01T00:00:01.000+00:00', finishedAt: null };
    const view = asOfRevision(job, { jobId: 'job_1', state });
    expect(view.progress).toBe(70);
    expect(view.epoch).toBe(21);
    expect(view.updatedAt.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(view.finishedAt).toBeNull();
    expect(view.name).toBe('run');
    // The loaded entity is left as read.
    expect(job.progress).toBe(73.33);
  });

  it("leaves another job's row alone", () => {
    expect(asOfRevision(job, { jobId: 'job_2', state: { progress: 1 } })).toBe(job);
    expect(asOfRevision(job, null)).toBe(job);
  });
});

describe('parseRevision', () => {
  it('accepts digits only', () => {
    expect(parseRevision('123')).toBe('123');
    expect(parseRevision('1; drop')).toBeNull();
    expect(parseRevision(['1'])).toBeNull();
    expect(parseRevision(undefined)).toBeNull();
  });
});

describe('createRevisionCache', () => {
  it('keeps the last revisions it was told of, drops the oldest first, and never replaces a kept one', () => {
    const cache = createRevisionCache(2);
    cache.remember('1', { jobId: 'job_1', state: { epoch: 1 } });
    cache.remember('2', { jobId: 'job_1', state: { epoch: 2 } });
    cache.remember('1', { jobId: 'job_1', state: { epoch: 99 } });
    expect(cache.get('1')?.state).toEqual({ epoch: 1 });
    cache.remember('3', { jobId: 'job_1', state: { epoch: 3 } });
    expect(cache.get('1')).toBeUndefined();
    expect(cache.get('2')?.state).toEqual({ epoch: 2 });
    expect(cache.get('3')?.state).toEqual({ epoch: 3 });
    expect(cache.size).toBe(2);
  });
});
