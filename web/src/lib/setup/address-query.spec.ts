import { describe, expect, it } from 'vitest';
import { addressQuery, pageFrom } from './address-query.ts';

describe('addressQuery', () => {
  it('leaves out empty filters and the first page', () => {
    expect(addressQuery({ search: '', action: '' }, 1)).toBe('');
    expect(addressQuery({ search: 'ann' }, 1)).toBe('?search=ann');
    expect(addressQuery({ search: '' }, 3)).toBe('?page=3');
  });

  it('keeps the filters in order, encoded, before the page', () => {
    expect(addressQuery({ action: 'user.deactivated', person: 'a b&c' }, 2)).toBe(
      '?action=user.deactivated&person=a%20b%26c&page=2',
    );
  });
});

describe('pageFrom', () => {
  it('reads the page number, and 1 when it is missing, not a number or below 1', () => {
    expect(pageFrom(new URLSearchParams('page=4'))).toBe(4);
    expect(pageFrom(new URLSearchParams(''))).toBe(1);
    expect(pageFrom(new URLSearchParams('page=0'))).toBe(1);
    expect(pageFrom(new URLSearchParams('page=-2'))).toBe(1);
    expect(pageFrom(new URLSearchParams('page=lots'))).toBe(1);
  });
});
