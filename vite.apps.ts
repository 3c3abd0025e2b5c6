// The one Vite configuration of the browser apps (kiosk, display, console, track): each is served by the luot
// server under /<name>/ and built to <name>/dist.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

export const appConfig = (name: string) =>
  defineConfig({
    base: `/${name}/`,
    plugins: [svelte(), precompress()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      rolldownOptions: {
        // The shared contract builds its TypeBox schemas at module top level; an app uses few of them, and
        // building a schema (or reading one's properties to build another) has no side effect: unused ones go.
        treeshake: { manualPureFunctions: ['Type'], propertyReadSideEffects: false },
      },
    },
  });
