import { PackageSignal, Party } from '../../entities';
import type { Loader } from './loader';
import { byColumnLoader, byIdLoader, manyToManyLoader } from './batch';
import type { LoaderFactory } from './lazy';
import { byKey } from './order';

interface Shared {
  partyById: Loader<string, Party | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Loaders of package signals (pakketsignalen): by id, their co-signers, and the signals an assessment took up. */
export const packageSignalLoaders = {
  packageSignalById: factory((ds) => byIdLoader(ds, PackageSignal)),
  coSignersBySignalId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'package_signal_co_signer', ownerColumn: 'signal_id', targetColumn: 'party_id' },
      byKey,
      l.partyById,
    ),
  ),
  signalsByAssessmentId: factory((ds) => byColumnLoader(ds, PackageSignal, 'assessment_id', 't.created_at, t.id')),
};
