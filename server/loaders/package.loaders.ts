import { Guideline, Party, PracticeCase } from '../../entities';
import { byIdLoader, byKeyLoader } from './batch';
import type { LoaderFactory } from './lazy';

const factory = <L>(make: LoaderFactory<L, unknown>) => make;

/** Loaders of the package cycle: cases, and records that cases and lineage name by key. */
export const packageLoaders = {
  practiceCaseById: factory((ds) => byIdLoader(ds, PracticeCase)),
  partyByKey: factory((ds) => byKeyLoader(ds, Party)),
  guidelineByKey: factory((ds) => byKeyLoader(ds, Guideline)),
};
