import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the luot server under /kiosk/.
export default defineConfig({
  base: '/kiosk/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
});
