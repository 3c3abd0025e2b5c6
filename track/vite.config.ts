import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the luot server under /track/: the page a ticket's QR code opens on a phone.
export default defineConfig({
  base: '/track/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
});
