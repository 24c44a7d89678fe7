import { PackageCriterion } from './package-criterion.entity';
import { Party } from './party.entity';
import { Responsibility } from './responsibility.entity';
import { Sector } from './sector.entity';
import { SeedRun } from './seed-run.entity';

export { PackageCriterion, Party, Responsibility, Sector, SeedRun };

/** Every entity TypeORM maps; migrations must match this list exactly. */
export const entities = [Party, Sector, PackageCriterion, Responsibility, SeedRun];
