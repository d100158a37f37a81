import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapError, titleCase, FmError } from '../../../src/faces/franchisemailer/envelope.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { optBool, optFieldMap, optIdList, reqText } from '../../../src/faces/franchisemailer/params.js';
import { isoPhp } from '../../../src/faces/franchisemailer/serializers.js';
import { pageUrl } from '../../../src/faces/franchisemailer/contacts.js';

const CONTACT = { label: 'Contact', aliases: [] };

test('core errors map to FranchiseMailer statuses', () => {
  assert.deepEqual(mapError(new NotFoundError('Contact', 9), CONTACT), { statusCode: 404, message: 'Contact Not Found', internal: false });
  assert.deepEqual(mapError(new NotFoundError('Office', 9), CONTACT), { statusCode: 400, message: 'Office Not Found', internal: false });
  assert.equal(mapError(new NotFoundError('ContactGroup', 9), { label: 'Contact Group', aliases: [] }).statusCode, 404);
  assert.deepEqual(mapError(ValidationError.single('email', 'invalid', 'Email Address Invalid'), undefined).message, 'Email Address Invalid');
  assert.equal(mapError(new ConflictError('Email Address already in use'), undefined).statusCode, 400);
  assert.equal(mapError(new FmError(405, 'Method Not Allowed'), undefined).statusCode, 405);
  assert.equal(mapError(Object.assign(new Error('x'), { statusCode: 413 }), undefined).statusCode, 413);
  assert.deepEqual(mapError(new Error('boom'), undefined), { statusCode: 500, message: 'Internal Error', internal: true });
  assert.equal(titleCase('custom_field'), 'Custom Field');
});

test('parameter coercion', () => {
  assert.deepEqual(optIdList({ o: '1,3,4' }, 'o', 'Offices'), [1, 3, 4]);
  assert.deepEqual(optIdList({ o: '' }, 'o', 'Offices'), []);
  assert.throws(() => optIdList({ o: '1;3' }, 'o', 'Offices'), /Only digits and commas accepted/);
  assert.throws(() => optIdList({ o: '1,-3' }, 'o', 'Offices'), /Only digits and commas accepted/);
  assert.equal(optBool({ a: 'false' }, 'a', 'Active'), false);
  assert.throws(() => optBool({ a: 'yes' }, 'a', 'Active'), /Active must be true or false/);
  assert.throws(() => reqText({ email: ' ' }, 'email', 'Email Address'), /^FmError: Email Address Required$/);
  assert.throws(() => reqText({ n: 'x'.repeat(41) }, 'n', 'Name', 40), /Name must be 40 characters or less/);
  assert.throws(() => reqText({ n: ['a'] }, 'n', 'Name'), /Name must be a single value/);
  assert.deepEqual(optFieldMap({ c: { '1': '£30,000' } }, 'c', 'Custom Fields'), { '1': '£30,000' });
  assert.throws(() => optFieldMap({ c: { x: 'y' } }, 'c', 'Custom Fields'), /keyed by custom field id/);
});

test('timestamps as PHP date(c) in UTC', () => {
  assert.equal(isoPhp('2013-01-31T13:52:45.123Z'), '2013-01-31T13:52:45+00:00');
  assert.equal(isoPhp(null), '');
});

test('page URLs keep filters in the document order', () => {
  assert.equal(pageUrl('/v1/contacts', { office: 1, group: 2 }, 500, 500), '/v1/contacts?office=1&group=2&limit=500&offset=500');
  assert.equal(pageUrl('/v1/contacts', {}, 2, 0), '/v1/contacts?limit=2&offset=0');
});
