import { DatePrecision, type FuzzyDate, type FuzzyDateInput } from '../../entities/fuzzy-date';
import { BadUserInputError } from '../errors';
import { DutchDateParseError, parseDutchDate } from './dutch-date.parser';

/** The columns of an embedded fuzzy date, without the computed fields of the GraphQL type. */
export type FuzzyDateValue = Pick<FuzzyDate, 'label' | 'earliest' | 'latest' | 'precision'>;

/** An embedded fuzzy date that holds nothing: what the columns store for "no date". */
export const NO_DATE: FuzzyDateValue = { label: null, earliest: null, latest: null, precision: null };

/** An embedded fuzzy date is all nulls when absent; the API says null instead. */
export function fuzzyDateOrNull<D extends FuzzyDateValue>(date: D | null | undefined): D | null {
  return date && (date.label !== null || date.earliest !== null) ? date : null;
}

/** An explicit span from an input, or NO_DATE when none is given; BAD_USER_INPUT when it ends before it starts. */
export function spanFromInput(span: FuzzyDateInput | null | undefined, field: string): FuzzyDateValue {
  if (!span) return { ...NO_DATE };
  if (span.earliest > span.latest)
    throw new BadUserInputError(`"${field}.earliest" must not be after "${field}.latest".`, `${field}.earliest`);
  return {
    label: span.label?.trim() || null,
    earliest: span.earliest,
    latest: span.latest,
    precision: span.precision ?? DatePrecision.RANGE,
  };
}

/**
 * A date from an input: the explicit span when given, else the label read as Dutch words (deadlines
 * counted from `referenceDate`), else undefined (not given). An unreadable label is BAD_USER_INPUT.
 */
export function dateFromInput(
  span: FuzzyDateInput | null | undefined,
  label: string | null | undefined,
  field: string,
  referenceDate: string,
): FuzzyDateValue | undefined {
  if (span) return spanFromInput(span, field);
  if (label === undefined || label === null) return undefined;
  try {
    return parseDutchDate(label, referenceDate);
  } catch (error) {
    if (error instanceof DutchDateParseError)
      throw new BadUserInputError(
        `${error.message} Write e.g. “Q3 2025”, “medio 2026”, “zomer 2025”, “uiterlijk begin 2026” or “1 juli 2025”, or send the span.`,
        `${field}Label`,
      );
    throw error;
  }
}

/**
 * A date from an update's input (dateFromInput), or NO_DATE when the span or the label is sent as null and
 * the other gives no date: an optional date is cleared by an explicit null, kept when both are omitted.
 */
export function dateChangeFromInput(
  span: FuzzyDateInput | null | undefined,
  label: string | null | undefined,
  field: string,
  referenceDate: string,
): FuzzyDateValue | undefined {
  const date = dateFromInput(span, label, field, referenceDate);
  if (date) return date;
  return span === null || label === null ? { ...NO_DATE } : undefined;
}
