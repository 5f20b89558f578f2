/**
 * The QR code on a paper report leads a phone to the office's public check of that report
 * (issue 10, point 8): the office's /verify address with the report's number and content hash,
 * as the PDF really carries it (the embedded image, compared pixel for pixel with the code).
 */
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPayload, qrPng } from '../../../src-main/report/qr';
import { renderReport } from '../../../src-main/report/render-report';
import { ReportInput } from '../../../src-shared/report/model';
import { FONTS_DIR, sixtyItemReport } from './fixture';
import { decodeGreyPng, pdfImages } from './poppler';

describe('the report’s QR code', () => {
  const base = sixtyItemReport();

  it('is the office’s check address with the number and hash once the device is enrolled', () => {
    const url = qrPayload({ ...base, verifyAt: 'https://office.lan:5190' });
    expect(url).toBe(`https://office.lan:5190/verify?n=${base.reportNumber}&h=${base.hash}`);
    // An office under a path behind a proxy keeps its path.
    expect(qrPayload({ ...base, verifyAt: 'https://gw.example.cn/xunjian/' })).toBe(`https://gw.example.cn/xunjian/verify?n=${base.reportNumber}&h=${base.hash}`);
  });

  it('says which report it is in its own form before the device knows an office', () => {
    expect(qrPayload(base)).toBe(`xunjian:report?id=${base.reportId}&no=${base.reportNumber}&sha256=${base.hash}`);
  });

  it('is printed in the PDF as exactly that code', async () => {
    const input = { ...base, verifyAt: 'http://192.168.1.10:5190' };
    const pdf = await renderReport(input, { fontsDir: FONTS_DIR });
    const expected = decodeGreyPng(qrPng(qrMatrix(qrPayload(input))));
    const images = (await pdfImages(pdf.bytes)).map(decodeGreyPng);
    const qr = images.find((i) => i.width === expected.width && i.height === expected.height);
    expect(qr, 'no image the size of the QR code').toBeDefined();
    expect(Buffer.from(qr!.pixels).equals(Buffer.from(expected.pixels))).toBe(true);
  }, 60_000);

  it('carries the longest office address enrollment accepts (500 characters)', async () => {
    const verifyAt = `https://gw.example.cn/${'x'.repeat(500 - 'https://gw.example.cn/'.length)}`;
    const input = ReportInput.parse({ ...base, verifyAt });
    const pdf = await renderReport(input, { fontsDir: FONTS_DIR });
    const expected = decodeGreyPng(qrPng(qrMatrix(qrPayload(input))));
    const images = (await pdfImages(pdf.bytes)).map(decodeGreyPng);
    expect(images.some((i) => i.width === expected.width && Buffer.from(i.pixels).equals(Buffer.from(expected.pixels)))).toBe(true);
  }, 60_000);
});
