import { defineConfig } from 'vite';

// Relative asset paths so the C++ server can serve web/dist from any prefix.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs into CSS/JS; keep everything a same-origin file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
