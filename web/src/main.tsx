import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createClient } from './apollo';
import { onSessionChange } from './session';
import { loadSettings } from './settings';
import './styles.css';

const client = createClient();
// Signing in or out changes what the API may show: drop every cached answer and ask again. A page that
// goes away with the session (e.g. "Mijn partij") aborts its query mid-refetch, which rejects the whole
// reset; each page that stays shows its own query's errors, so the reset's own outcome has no use.
onSessionChange(() => void client.resetStore().catch(() => undefined));

const root = createRoot(document.getElementById('root')!);
loadSettings(client).then(
  (settings) =>
    root.render(
      <StrictMode>
        <ApolloProvider client={client}>
          <App settings={settings} />
        </ApolloProvider>
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main>
        <h1>IZA-dashboard</h1>
        <p role="alert">{String(error)}</p>
      </main>,
    ),
);
