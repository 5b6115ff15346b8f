import { describe, it, expect } from '@jest/globals';
import { describeJobFilters, jobFiltersToSearch, readJobFilters, toTrainingJobFilter } from './job-filters';

describe('training jobs list filters', () => {
  it('round-trips every filter through the address bar, statuses in lifecycle order', () => {
    const filters = readJobFilters(new URLSearchParams('?status=FAILED,queued&project=prj_1&dataset=ds_2&mine=1&q=yolo'));
    expect(filters).toEqual({ status: ['QUEUED', 'FAILED'], projectId: 'prj_1', datasetId: 'ds_2', mine: true, search: 'yolo' });
    expect(jobFiltersToSearch(filters)).toBe('?status=QUEUED%2CFAILED&project=prj_1&dataset=ds_2&mine=1&q=yolo');
  });

  it('turns the filters into a TrainingJobFilter, ignoring unknown statuses and blank searches', () => {
    const filters = readJobFilters(new URLSearchParams('status=RUNNING,BOGUS&q=%20%20'));
    expect(toTrainingJobFilter(filters)).toEqual({ status: ['RUNNING'] });
    expect(toTrainingJobFilter(readJobFilters(new URLSearchParams('')))).toBeNull();
  });

  it('says in words which filters hide the jobs, using the names the pickers show', () => {
    const filters = readJobFilters(new URLSearchParams('status=FAILED&project=prj_1&mine=1&q=net'));
    expect(describeJobFilters(filters, { project: 'Defect inspection' })).toEqual([
      'status FAILED',
      'project Defect inspection',
      'only my jobs',
      'name contains “net”',
    ]);
  });
});
