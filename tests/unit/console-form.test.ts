/** The console's form parser: the last value of each field, and every value of a repeated one for checkboxes. */
import { expect, test } from 'vitest';
import { formValues, parseForm } from '../../src-server/console/helpers';

test('a repeated field keeps every value in order, and the form still reads as plain last values', () => {
  const form = parseForm('csrf=abc&hospital=yunan-peoples&hospital=wuhan-central&name=%E7%8E%8B%E5%B7%A5');
  expect(form).toEqual({ csrf: 'abc', hospital: 'wuhan-central', name: '王工' });
  expect(formValues(form, 'hospital')).toEqual(['yunan-peoples', 'wuhan-central']);
  expect(formValues(form, 'missing')).toEqual([]);
  expect(Object.keys(form)).toEqual(['csrf', 'hospital', 'name']);
  expect(formValues(undefined, 'hospital')).toEqual([]);
});
