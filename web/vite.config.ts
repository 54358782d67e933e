import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev -w web` proxies the API to `npm start`'s server, so the app stays same-origin. */
const API_ORIGIN = process.env.ROTA_API_ORIGIN ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': API_ORIGIN } },
});
