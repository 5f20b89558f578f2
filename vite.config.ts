import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served from app://xunjian (Electron) or the loopback host: relative paths work in both.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
