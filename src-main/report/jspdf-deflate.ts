/**
 * jsPDF compresses every stream (page contents, fonts, images) with fflate in JavaScript and then
 * rebuilds the result one character at a time; in the main process Node's zlib does the same
 * work natively. Imported for its effect by pen.ts, before any document is made.
 */
import { deflateSync } from 'node:zlib';
import { jsPDF } from 'jspdf';

interface FilterApi {
  processDataByFilters(data: string, filters?: string | string[]): { data: string; reverseChain: string };
}

const api = jsPDF.API as unknown as FilterApi;
const original = api.processDataByFilters.bind(api);

api.processDataByFilters = (data, filters) => {
  const chain = typeof filters === 'string' ? [filters] : (filters ?? []);
  if (chain.length !== 1 || chain[0]!.replace(/^\//, '') !== 'FlateEncode') return original(data, filters);
  // jsPDF streams are binary strings (one byte per char): latin1 maps them 1:1.
  const compressed = deflateSync(Buffer.from(data, 'latin1'));
  return { data: compressed.toString('latin1'), reverseChain: '/FlateDecode' };
};
