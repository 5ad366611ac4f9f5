import { describe, expect, it } from 'vitest';
import { boxSizeText, crossesAntimeridian, draftCrossesAntimeridian, parseBboxParam, validateDraft } from './bbox';

const draft = (west: string, south: string, east: string, north: string) => ({ west, south, east, north });

describe('typed boxes', () => {
  it('accept West > East as a box across the antimeridian (RFC 7946, section 5.2)', () => {
    expect(validateDraft(draft('170', '-20', '-170', '-10'))).toEqual({ bbox: [170, -20, -170, -10] });
    expect(validateDraft(draft('180', '-20', '-180', '-10'))).toEqual({ bbox: [180, -20, -180, -10] });
    expect(crossesAntimeridian([170, -20, -170, -10])).toBe(true);
    expect(crossesAntimeridian([14.39, 50.05, 14.47, 50.1])).toBe(false);
    expect(draftCrossesAntimeridian(draft('170', '', '-170', ''))).toBe(true);
    expect(draftCrossesAntimeridian(draft('14.39', '', '14.47', ''))).toBe(false);
    expect(draftCrossesAntimeridian(draft('abc', '', '-170', ''))).toBe(false);
    expect(draftCrossesAntimeridian(draft('170', '', '', ''))).toBe(false);
  });

  it('still refuse empty, out-of-range and zero-width boxes', () => {
    expect(validateDraft(draft('14.5', '50', '14.5', '51'))).toEqual({ errors: { box: 'West and East must differ' } });
    expect(validateDraft(draft('14', '51', '15', '50'))).toEqual({ errors: { box: 'South must be less than North' } });
    expect(validateDraft(draft('190', '-20', '-170', '-10'))).toEqual({ errors: { west: 'Longitude must be between -180 and 180' } });
  });

  it('read a crossing box from the URL', () => {
    expect(parseBboxParam('170,-20,-170,-10')).toEqual([170, -20, -170, -10]);
    expect(parseBboxParam('170,-20,170,-10')).toBeNull();
  });
});

describe('box sizes for people', () => {
  it('in km with one decimal, m below 1 km, across the antimeridian too', () => {
    expect(boxSizeText([14.39, 50.05, 14.47, 50.1], 'en-US')).toBe('5.7 km × 5.5 km');
    expect(boxSizeText([14.39, 50.05, 14.395, 50.053], 'en-US')).toBe('357 m × 332 m');
    expect(boxSizeText([179, -1, -179, 1], 'en-US')).toBe('222.6 km × 221.1 km');
  });
});
