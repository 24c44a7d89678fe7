import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Guideline, PackageAssessment, ResearchAgenda, SynergyTrajectory } from '../../../entities';
import type { OutputTargetType } from '../../../entities/deliverable.enums';
import { byKeyLoader } from '../../loaders/batch';

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
