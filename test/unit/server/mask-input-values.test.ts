import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskInputValues } from '../../../src/server/mask-input-values.js';

const SECRET = 'Hunter2-Secret';

describe('maskInputValues', () => {
  it('keeps the variable, the path and the missing field of a coercion error, and drops the value', () => {
    const message = `Variable "$input" got invalid value { userId: "abc", pasword: "${SECRET}" }; Field "password" of required type "String!" was not provided.`;
    assert.equal(maskInputValues(message), 'Variable "$input" got an invalid value; Field "password" of required type "String!" was not provided.');
  });

  it('keeps the path and expected type of a wrong-typed field', () => {
    const message = `Variable "$input" got invalid value 12345 at "input.password"; String cannot represent a non string value: 12345`;
    const masked = maskInputValues(message);
    assert.equal(masked, 'Variable "$input" got an invalid value at "input.password"; String cannot represent a non string value.');
    assert.ok(!masked.includes('12345'));
  });

  it('names an unknown field without quoting the object', () => {
    const message = `Variable "$input" got invalid value { password: "${SECRET}", colour: "red" }; Field "colour" is not defined by type "ChangePasswordInput".`;
    assert.equal(maskInputValues(message), 'Variable "$input" got an invalid value; Field "colour" is not defined by type "ChangePasswordInput".');
  });

  it("keeps a scalar's reason for a bad variable, without the value", () => {
    const masked = maskInputValues(`Variable "$e" got invalid value "${SECRET}"; Value is not a valid email address: ${SECRET}`);
    assert.equal(masked, 'Variable "$e" got an invalid value; Value is not a valid email address.');
  });

  it('drops literal values from validation, scalar and parse errors', () => {
    assert.equal(
      maskInputValues(`Expected value of type "String!", found ${SECRET}; reason`),
      'Expected value of type "String!", found a value that does not fit.',
    );
    assert.equal(maskInputValues(`String cannot represent a non string value: ${SECRET}`), 'String cannot represent a non string value.');
    assert.equal(maskInputValues(`Value is not a valid email address: ${SECRET}`), 'Value is not a valid email address.');
    assert.equal(maskInputValues(`Syntax Error: Expected Name, found String "${SECRET}".`), 'Syntax Error: Expected Name, found String.');
  });

  it("leaves Apollo's own explanations whole, even where a colon follows the word value", () => {
    const csrf =
      "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight";
    assert.equal(maskInputValues(csrf), csrf);
    for (const message of [
      'Operation batching disabled.',
      'PersistedQueryNotFound',
      'PersistedQueryNotSupported',
      'POST body missing, invalid Content-Type, or JSON object has no keys.',
    ]) {
      assert.equal(maskInputValues(message), message);
    }
    // A scalar's refusal still loses its value, whichever scalar.
    assert.equal(maskInputValues(`Int cannot represent non-integer value: ${SECRET}`), 'Int cannot represent non-integer value.');
    assert.equal(maskInputValues(`Enum "ScopeKind" cannot represent non-enum value: ${SECRET}`), 'Enum "ScopeKind" cannot represent non-enum value.');
  });

  it('leaves messages without values alone', () => {
    for (const message of [
      'Cannot query field "password" on type "User".',
      'Variable "$id" of required type "ID!" was not provided.',
      'Syntax Error: Unexpected <EOF>.',
    ]) {
      assert.equal(maskInputValues(message), message);
    }
  });
});
