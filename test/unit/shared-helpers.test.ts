import { DatePrecision } from '../../entities/fuzzy-date';
import { dateFromInput, fuzzyDateOrNull, NO_DATE, spanFromInput } from '../../server/shared/fuzzy-dates';
import { newKey } from '../../server/shared/keys';
import { sqlState } from '../../server/shared/sql-state';

describe('newKey', () => {
  it('is the prefix, the slug of the title without accents, and six hex digits', () => {
    expect(newKey('Zorg óp de   juiste plek!', 'vraag')).toMatch(/^vraag-zorg-op-de-juiste-plek-[0-9a-f]{6}$/);
  });

  it('names a record without letters in its title “record”, and keys never repeat', () => {
    expect(newKey('!!!')).toMatch(/^record-[0-9a-f]{6}$/);
    expect(new Set(Array.from({ length: 50 }, () => newKey('x'))).size).toBe(50);
  });

  it('keeps the slug to 60 characters without a trailing dash', () => {
    const slug = newKey(`${'a'.repeat(59)} b`).replace(/-[0-9a-f]{6}$/, '');
    expect(slug).toBe('a'.repeat(59));
  });
});

describe('fuzzy dates from input', () => {
  const span = { earliest: '2026-07-01', latest: '2026-09-30', label: ' Q3 2026 ', precision: DatePrecision.QUARTER };

  it('takes an explicit span with its label trimmed', () => {
    expect(spanFromInput(span, 'input.due')).toEqual({ ...span, label: 'Q3 2026' });
  });

  it('is no date when no span is given', () => {
    expect(spanFromInput(null, 'input.due')).toEqual(NO_DATE);
  });

  it('refuses a span that ends before it starts, naming the field', () => {
    expect(() => spanFromInput({ ...span, latest: '2026-06-30' }, 'input.due')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.due.earliest' }),
      }),
    );
  });

  it('reads a Dutch label when no span is given, and nothing when neither is', () => {
    expect(dateFromInput(null, 'Q3 2026', 'input.due', '2026-01-01')).toMatchObject({
      earliest: '2026-07-01',
      latest: '2026-09-30',
    });
    expect(dateFromInput(null, undefined, 'input.due', '2026-01-01')).toBeUndefined();
  });

  it('says null for a stored date that holds nothing', () => {
    expect(fuzzyDateOrNull({ ...NO_DATE })).toBeNull();
    expect(fuzzyDateOrNull({ ...NO_DATE, label: 'ooit' })).toEqual({ ...NO_DATE, label: 'ooit' });
  });
});

describe('sqlState', () => {
  it('reads the code of a driver error, also when TypeORM wraps it', () => {
    expect([sqlState({ code: '23505' }), sqlState({ driverError: { code: '57014' } })]).toEqual(['23505', '57014']);
  });

  it('is undefined for anything else', () => {
    expect([sqlState(null), sqlState('x'), sqlState({ code: 7 })]).toEqual([undefined, undefined, undefined]);
  });
});
