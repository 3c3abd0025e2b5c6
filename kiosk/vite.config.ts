import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the luot server under /kiosk/.
export default defineConfig({
  base: '/kiosk/',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // The shared contract builds its TypeBox schemas at module top level; the kiosk uses none of them
      // (only event names, helpers and types), and building a schema has no side effect, so unused ones go.
      treeshake: { manualPureFunctions: ['Type'] },
    },
  },
});
