import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the luot server under /console/.
export default defineConfig({
  base: '/console/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
});
