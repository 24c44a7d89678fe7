import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Guideline, PackageAssessment, ResearchAgenda, SynergyTrajectory } from '../../entities';
import type { OutputTargetType } from '../../entities/deliverable.enums';

/** Builds a per-request loader that finds records of one type by their stable `key`. */
export type OutputTargetLoaderFactory = (dataSource: DataSource) => DataLoader<string, object | null>;

/**
 * How `DeliverableOutput.target` finds what a deliverable produces: the record of that type with the
 * stable `key`. Drafts among them are filtered by the resolver (see DeliverableOutputResolver).
 */
export const outputTargetLoaders: Partial<Record<OutputTargetType, OutputTargetLoaderFactory>> = {
  RESEARCH_AGENDA: (ds) => byKeyLoader(ds, ResearchAgenda),
  PACKAGE_ASSESSMENT: (ds) => byKeyLoader(ds, PackageAssessment),
  GUIDELINE: (ds) => byKeyLoader(ds, Guideline),
  SYNERGY_TRAJECTORY: (ds) => byKeyLoader(ds, SynergyTrajectory),
};

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
