import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { decimalAmount, formatAmount, readAmount, readFrequency } from './amounts.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return `${error.field}: ${error.message}`;
  }
  assert.fail('was accepted');
};

test('amounts are read in minor units, exactly, whatever the form', () => {
  assert.deepEqual(readAmount('12.50', 'gbp'), { currency: 'GBP', minor: 1250 });
  assert.deepEqual(readAmount(5, 'USD'), { currency: 'USD', minor: 500 });
  assert.deepEqual(readAmount('19.99', 'EUR'), { currency: 'EUR', minor: 1999 });
  assert.deepEqual(readAmount('10.10', 'AUD'), { currency: 'AUD', minor: 1010 });
  assert.deepEqual(readAmount('1000', 'JPY'), { currency: 'JPY', minor: 1000 });
  assert.deepEqual(readAmount('12.500', 'USD'), { currency: 'USD', minor: 1250 }, 'trailing zeros are no fraction of a cent');
});

test('below the minimum, above the maximum, unknown currencies, negative and fractional cents are refused, each saying why', () => {
  assert.match(
    refusal(() => readAmount('0.50', 'USD')),
    /^amount: The smallest contribution is \$1\.$/,
  );
  assert.match(
    refusal(() => readAmount('10001', 'GBP')),
    /^amount: The largest contribution online is £10,000/,
  );
  assert.match(
    refusal(() => readAmount('10', 'XYZ')),
    /^currency: We take contributions in USD, GBP, EUR/,
  );
  assert.match(
    refusal(() => readAmount('10', undefined)),
    /^currency:/,
  );
  assert.match(
    refusal(() => readAmount('-5', 'USD')),
    /^amount: The amount cannot be negative\.$/,
  );
  assert.match(
    refusal(() => readAmount(-5, 'USD')),
    /negative/,
  );
  assert.match(
    refusal(() => readAmount('12.345', 'USD')),
    /at most 2 decimal places/,
  );
  assert.match(
    refusal(() => readAmount('150.5', 'JPY')),
    /JPY amounts are whole numbers/,
  );
  for (const bad of ['', 'ten', '1e3', '0x10', '12,50', ' ', null, {}, [], 'NaN', 'Infinity', '1'.repeat(20)]) {
    assert.match(
      refusal(() => readAmount(bad, 'USD')),
      /^amount:/,
      JSON.stringify(bad),
    );
  }
  assert.match(
    refusal(() => readFrequency('weekly')),
    /one-off, monthly, annual/,
  );
  assert.equal(readFrequency('monthly'), 'monthly');
});

test('amounts read back as readers write them', () => {
  assert.equal(formatAmount({ currency: 'GBP', minor: 1250 }), '£12.50');
  assert.equal(formatAmount({ currency: 'USD', minor: 500 }), '$5');
  assert.equal(formatAmount({ currency: 'JPY', minor: 1000 }), '¥1,000');
});

test('writes amounts as plain decimals in the currency’s own precision, for exports', () => {
  assert.equal(decimalAmount({ currency: 'USD', minor: 1500 }), '15.00');
  assert.equal(decimalAmount({ currency: 'JPY', minor: 1500 }), '1500');
  assert.equal(decimalAmount({ currency: 'EUR', minor: 0 }), '0.00');
});
