import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Loaders } from '../loaders';
import { NodeService } from './node.service';
import { PartyService } from './party.service';
import { ReferenceDataService } from './reference-data.service';

/** One service per aggregate, sharing the request's loaders. */
export function createServices(deps: { dataSource: DataSource; config: Config; loaders: Loaders }) {
  return {
    nodes: new NodeService(deps.loaders),
    parties: new PartyService(deps.dataSource, deps.loaders, deps.config),
    referenceData: new ReferenceDataService(deps.dataSource, deps.loaders),
  };
}

export type Services = ReturnType<typeof createServices>;
