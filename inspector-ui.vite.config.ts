import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the inspector app (inspector-ui/app) into inspector-ui/dist, which the inspector server serves.
export default defineConfig({
  root: fileURLToPath(new URL('./inspector-ui/app', import.meta.url)),
  plugins: [svelte()],
  build: { outDir: fileURLToPath(new URL('./inspector-ui/dist', import.meta.url)), emptyOutDir: true },
  logLevel: 'warn',
});
