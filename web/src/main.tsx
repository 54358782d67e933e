import '@mantine/core/styles.css';
import { type CSSVariablesResolver, createTheme, darken, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { ProblemError } from './api/client';

/**
 * Teal at its darkest shade, with text colour picked for contrast and darker dimmed text: every
 * label meets WCAG AA contrast (4.5:1), which the e2e tests check with axe-core on each main page.
 */
const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  autoContrast: true,
  defaultRadius: 'md',
  components: {
    // Their close buttons are icons: give them a name screen readers can say.
    // Plain objects, not Component.extend(): importing those components here would put them all
    // in the first download.
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    FileInput: { defaultProps: { clearButtonProps: { 'aria-label': 'Clear the file' } } },
    // Light badges: filled orange and yellow cannot carry white or black text at 4.5:1.
    Badge: { defaultProps: { variant: 'light' } },
  },
});

/** Colours the pages use in light variants (badges, light buttons, the active menu item). */
const LIGHT_VARIANT_COLORS = ['teal', 'gray', 'red', 'orange', 'yellow', 'blue'];

const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Hovering a filled teal button darkens it instead of lightening it below 4.5:1.
    '--mantine-color-teal-filled-hover': darken(resolved.colors.teal?.[9] ?? '#000', 0.15),
    // The palest tint behind text darker than shade 9, so orange and yellow labels reach 4.5:1 too.
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.flatMap((color) => [
        [`--mantine-color-${color}-light`, `var(--mantine-color-${color}-0)`],
        [`--mantine-color-${color}-light-hover`, `var(--mantine-color-${color}-1)`],
        [`--mantine-color-${color}-light-color`, darken(resolved.colors[color]?.[9] ?? '#000', 0.35)],
      ]),
    ),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change by asking again.
      retry: (failures, error) => !(error instanceof ProblemError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
