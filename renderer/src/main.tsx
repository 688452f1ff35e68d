import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClientProvider } from './api/ApiClientContext.js';
import { createApiClient } from './api/client.js';
import { shouldRetry } from './api/retry-policy.js';
import { App } from './App.js';
import { ServiceColorsProvider } from './components/ServiceColors.js';
import { applyTheme, initialTheme } from './lib/theme.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/trace.css';
import './styles/imports.css';
import './styles/shell.css';
import './styles/casefile.css';

// Before the first render, so the page never flashes the wrong theme.
applyTheme(initialTheme());

// Built first: in browser mode this takes the token out of the address bar before anything else can read the URL.
const client = createApiClient();
const queryClient = new QueryClient({
  defaultOptions: {
    // The cache is local and changes only when this window imports; refetching on focus would only add churn.
    queries: { refetchOnWindowFocus: false, retry: shouldRetry, staleTime: 30_000 },
  },
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <ApiClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <ServiceColorsProvider>
          <App />
        </ServiceColorsProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  </StrictMode>,
);
