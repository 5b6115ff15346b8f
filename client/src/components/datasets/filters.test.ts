import { describe, it, expect } from '@jest/globals';
import { filtersToSearch, readFilters, toDatasetFilter } from './filters';

describe('dataset browser filters', () => {
  it('round-trips every filter through the address bar', () => {
    const search = '?visibility=private&labeled=false&format=yolo&tags=shapes%2Cinspection&mine=1';
    const filters = readFilters(new URLSearchParams(search));
    expect(filters).toEqual({ visibility: 'private', labeled: 'false', format: 'yolo', tags: 'shapes,inspection', mine: true });
    expect(filtersToSearch(filters)).toBe(search);
  });

  it('turns the filters into a DatasetFilter with booleans and a tag list, leaving out what is not set', () => {
    const filters = readFilters(new URLSearchParams('labeled=true&tags= shapes , ,demo'));
    expect(toDatasetFilter(filters)).toEqual({ labeled: true, tags: ['shapes', 'demo'] });
    expect(filtersToSearch(filters)).toBe('?labeled=true&tags=shapes%2Cdemo');
  });

  it('sends no filter at all when nothing is chosen, and ignores a labeled value it does not know', () => {
    expect(toDatasetFilter(readFilters(new URLSearchParams('labeled=maybe&mine=0')))).toBeNull();
    expect(filtersToSearch(readFilters(new URLSearchParams('')))).toBe('');
  });
});
