import { FundingArrangement } from '../../entities';
import type { Loader } from './loader';
import { byColumnLoader, byIdLoader } from './batch';
import type { LoaderFactory } from './lazy';

const factory = <L>(make: LoaderFactory<L, unknown>) => make;

/** Loaders of the NZa's funding arrangements (bekostiging): by id, and the one of each assessment. */
export const fundingLoaders = {
  fundingArrangementById: factory((ds) => byIdLoader(ds, FundingArrangement)),
  /** At most one per assessment (a unique column): a list of zero or one, one statement per batch. */
  fundingArrangementsByAssessmentId: factory((ds): Loader<string, FundingArrangement[]> =>
    byColumnLoader(ds, FundingArrangement, 'assessment_id', 't.id'),
  ),
};
