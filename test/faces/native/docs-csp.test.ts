import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { docsCsp } from '../../../src/faces/native/docs-csp.js';

describe('API docs page policy', () => {
  it('docsCsp keeps script hashes and drops framing, https: sources, the validator and upgrade-insecure-requests', () => {
    const plugin = "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self' 'sha256-abc'; script-src-attr 'none'; style-src 'self' https: 'sha256-def'; upgrade-insecure-requests;";
    assert.equal(
      docsCsp(plugin),
      "default-src 'self'; base-uri 'none'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self' 'sha256-abc'; script-src-attr 'none'; style-src 'self' 'sha256-def'",
    );
  });
});
