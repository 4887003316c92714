/** NHS number helpers (10 digits, modulus-11 check digit). */

/** Check digit for 9 leading digits, or null when the result is 10 (such numbers are never issued). */
export function nhsCheckDigit(first9: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * (10 - i); // charCodeAt: no global lookups (fast under jest)
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when the value (spaces/dashes ignored) is 10 digits with a correct check digit. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}
