import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the luot server under /display/.
export default defineConfig({
  base: '/display/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
});
