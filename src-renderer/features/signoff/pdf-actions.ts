/**
 * What the engineer does with a PDF the main process made: look at it, print it, keep a copy.
 * The PDF is shown in a frame from a blob: URL (the CSP allows frame-src blob:), and printed from
 * that frame, which opens the print dialog of Electron or of the browser.
 */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const pdfBlob = (base64: string): Blob => new Blob([base64Bytes(base64)], { type: 'application/pdf' });

export function downloadPdf(fileName: string, base64: string): void {
  downloadBlob(fileName, pdfBlob(base64));
}

/** Offers a file as a download: the browser asks where to keep it, Electron shows its save dialog. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; give it a moment before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function printPdf(base64: string): void {
  const url = URL.createObjectURL(pdfBlob(base64));
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.src = url;
  frame.onload = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    setTimeout(() => {
      frame.remove();
      URL.revokeObjectURL(url);
    }, 60_000);
  };
  document.body.append(frame);
}
