import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { OutputTargetType } from '../../entities/deliverable.enums';

/** Builds a per-request loader that finds records of one type by their stable `key`. */
export type OutputTargetLoaderFactory = (dataSource: DataSource) => DataLoader<string, object | null>;

/**
 * How `DeliverableOutput.target` finds what a deliverable produces. Empty until the target domains
 * (agendas, assessments, guidelines, trajectories) are merged; then register each, e.g.
 * `RESEARCH_AGENDA: (ds) => byKeyLoader(ds, ResearchAgenda)`. Unregistered types resolve to null.
 */
export const outputTargetLoaders: Partial<Record<OutputTargetType, OutputTargetLoaderFactory>> = {};

/** One `key IN (...)` query per batch; missing keys resolve to null. */
export function byKeyLoader<T extends ObjectLiteral & { key: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const rows = await dataSource.getRepository(entity).findBy({ key: In([...keys]) } as never);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
