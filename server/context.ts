import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';
import { createServices, type Services } from './services';

/** What every resolver receives; built fresh for each request. */
export interface Context {
  readonly requestId: string;
  readonly logger: Logger;
  readonly config: Config;
  readonly loaders: Loaders;
  readonly services: Services;
}

export function createContext(deps: {
  requestId: string;
  logger: Logger;
  config: Config;
  dataSource: DataSource;
}): Context {
  const loaders = createLoaders(deps.dataSource);
  return {
    requestId: deps.requestId,
    logger: deps.logger,
    config: deps.config,
    loaders,
    services: createServices({ dataSource: deps.dataSource, config: deps.config, loaders }),
  };
}
