/**
 * svg2pdf.js's ES build, imported by path: its package says "type": "module" while its `main` is a
 * UMD file, so Node (tsx) loads that file as ESM, where the UMD wrapper finds no `exports` and no
 * global jsPDF ("Cannot read properties of undefined (reading 'jsPDF')"). The ES build imports
 * jspdf properly, under tsx and under esbuild alike. Typed here for the element we actually pass
 * (svg-dom.ts), since the package's own types need the DOM lib, which main does not load.
 */
declare module 'svg2pdf.js/dist/svg2pdf.es.js' {
  import type { jsPDF } from 'jspdf';
  export function svg2pdf(element: object, pdf: jsPDF, options?: { x?: number; y?: number; width?: number; height?: number }): Promise<jsPDF>;
}
