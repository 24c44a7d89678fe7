import type express from 'express';
import { BadUserInputError } from '../errors';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An export's query parameters, read one by one and remembered, so that `refuseUnread` can refuse what
 * the export did not read (a misspelt filter) instead of ignoring it: the readers are the only list of
 * what an export takes.
 */
export class ExportParameters {
  private readonly read: string[] = [];

  constructor(private readonly query: express.Request['query']) {}

  text(name: string): string | undefined {
    this.read.push(name);
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '')
      throw new BadUserInputError(`"${name}" must be given once, as text.`, name);
    return value;
  }

  oneOf<T extends string>(name: string, values: Record<string, T>): T | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (!Object.values(values).includes(value as T))
      throw new BadUserInputError(`"${name}" must be one of ${Object.values(values).join(', ')}.`, name);
    return value as T;
  }

  day(name: string): string | undefined {
    const value = this.text(name);
    // The day must exist (no 2025-02-30) and lie in a year PostgreSQL accepts.
    const valid =
      value !== undefined &&
      DAY.test(value) &&
      !Number.isNaN(Date.parse(value)) &&
      new Date(value).toISOString().slice(0, 10) === value &&
      !value.startsWith('0000');
    if (value !== undefined && !valid) throw new BadUserInputError(`"${name}" must be a day as YYYY-MM-DD.`, name);
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw new BadUserInputError(`"${name}" must be true or false.`, name);
    return value === 'true';
  }

  /**
   * Call after reading every parameter, before any work. Cache busters and campaign tags (`_…`, `utm_…`),
   * which links and calendar apps add, are no filters and pass.
   */
  refuseUnread(): void {
    const unknown = Object.keys(this.query).find((name) => !this.read.includes(name) && !/^(_|utm_)/.test(name));
    if (unknown === undefined) return;
    const takes = this.read.length ? `this export takes ${this.read.join(', ')}` : 'this export takes none';
    throw new BadUserInputError(`Unknown parameter "${unknown}"; ${takes}.`, unknown);
  }
}
