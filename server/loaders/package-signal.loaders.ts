import { PackageSignal, PackageSignalCoSigner, type Party } from '../../entities';
import type { Loader } from './loader';
import { byColumnLoader, byIdLoader } from './batch';
import type { LoaderFactory } from './lazy';

interface Shared {
  partyById: Loader<string, Party | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Loaders of package signals (pakketsignalen): by id, their co-signers, and the signals an assessment took up. */
export const packageSignalLoaders = {
  packageSignalById: factory((ds) => byIdLoader(ds, PackageSignal)),
  /** Every party named to co-sign, whatever its answer (PackageSignalAccess decides who reads and counts which). */
  coSignersBySignalId: factory((ds) =>
    byColumnLoader<PackageSignalCoSigner>(ds, PackageSignalCoSigner, 'signal_id', 't.invited_at, t.party_id'),
  ),
  signalsByAssessmentId: factory((ds) => byColumnLoader(ds, PackageSignal, 'assessment_id', 't.created_at, t.id')),
};
