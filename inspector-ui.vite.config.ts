import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the inspector app (inspector-ui/app) into dist/inspector-ui/app, where the inspector server (APP_DIST) finds it.
export default defineConfig({
  root: fileURLToPath(new URL('./inspector-ui/app', import.meta.url)),
  plugins: [svelte()],
  build: { outDir: fileURLToPath(new URL('./dist/inspector-ui/app', import.meta.url)), emptyOutDir: true },
  logLevel: 'warn',
});
