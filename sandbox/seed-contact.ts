/** Generators for the messy contact details real clinics hold (emails, UK phones, postcodes, NHS numbers). */
import type { Rng } from './prng';
import { nhsCheckDigit } from './nhs';
import { CITIES, EMAIL_DOMAINS, POSTCODE_LETTERS, STREETS } from './seed-data';
import type { AddressRecord } from './types';

const CITY_WEIGHTS = CITIES.map((c) => c.weight);

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

/** ~5% of emails are unusable (`jane.smith@`, `no-email`, blank, ...), ~3% valid but oddly cased. */
export function email(rng: Rng, first: string, last: string): string | null {
  const f = slug(first);
  const l = slug(last);
  const roll = rng.next();
  if (roll < 0.02) return null;
  if (roll < 0.07) {
    return rng.pick([`${f}.${l}@`, 'no-email', '', `${f}.${l}@example`, `${f} ${l}@example.com`, `${f}.${l}@@example.com`]);
  }
  const domain = rng.pick(EMAIL_DOMAINS);
  const n = rng.int(1, 99);
  const style = rng.weightedIndex(EMAIL_STYLE_WEIGHTS);
  const local = style === 0 ? `${f}.${l}` : style === 1 ? `${f}${l}${n}` : style === 2 ? `${f[0]}.${l}` : style === 3 ? `${l}.${f}` : `${f}_${l}`;
  const address = `${local}@${domain}`;
  return roll < 0.1 ? `${first}.${last}@${domain}`.replace(/[ ']/g, '') : address;
}

/** A UK mobile from the Ofcom drama range 07700 900000-900999, written in one of many styles. */
export function mobile(rng: Rng): string {
  const n = `${rng.int(0, 999)}`.padStart(3, '0');
  switch (rng.weightedIndex(MOBILE_STYLE_WEIGHTS)) {
    case 0: return `07700 900${n}`;
    case 1: return `07700900${n}`;
    case 2: return `+44 7700 900${n}`;
    case 3: return `+447700900${n}`;
    case 4: return `0044 7700 900${n}`;
    case 5: return `(07700) 900${n}`;
    case 6: return `07700 9${n}`; // invalid: too short
    case 7: return '12345'; // invalid
    default: return `07700 900${n} ext 2`; // invalid: free text
  }
}
const MOBILE_STYLE_WEIGHTS = [40, 25, 14, 8, 5, 3, 2, 1.5, 1.5];
const EMAIL_STYLE_WEIGHTS = [45, 20, 15, 10, 10];

/** A UK landline from the drama ranges (London 020 7946 0xxx, Manchester 0161 496 0xxx, Leeds 0113 496 0xxx). */
export function landline(rng: Rng): string {
  const n = `${rng.int(0, 999)}`.padStart(3, '0');
  const [area, local] = AREAS[rng.weightedIndex(AREA_WEIGHTS)];
  const style = rng.weightedIndex(LANDLINE_STYLE_WEIGHTS);
  return style === 0 ? `0${area} ${local}${n}` : style === 1 ? `+44 ${area} ${local}${n}` : `0${area}${local.replace(' ', '')}${n}`;
}

const AREAS = [['20', '7946 0'], ['161', '496 0'], ['113', '496 0']];
const AREA_WEIGHTS = [60, 30, 10];
const LANDLINE_STYLE_WEIGHTS = [70, 20, 10];
const LETTERS = POSTCODE_LETTERS.split('');

export function postcode(rng: Rng, outward: string): string {
  const inward = `${rng.int(1, 9)}${rng.pick(LETTERS)}${rng.pick(LETTERS)}`;
  // A few are typed without the space and in lower case, as real front desks do.
  return rng.chance(0.02) ? `${outward}${inward}`.toLowerCase() : `${outward} ${inward}`;
}

export function address(rng: Rng): AddressRecord {
  if (rng.chance(0.03)) return { address: null, city: null, postcode: null, country: null };
  const c = rng.weighted(CITIES, CITY_WEIGHTS);
  const house = `${rng.int(1, 240)} ${rng.pick(STREETS)}`;
  return {
    address: rng.chance(0.15) ? `Flat ${rng.int(1, 40)}, ${house}` : house,
    city: c.city,
    postcode: postcode(rng, rng.pick(c.outward)),
    country: 'United Kingdom',
  };
}

/** NHS test-range number (999...). `valid: false` gives a wrong check digit. */
export function nhsNumber(rng: Rng, valid: boolean): string {
  for (;;) {
    const first9 = '999' + rng.digits(6);
    const check = nhsCheckDigit(first9);
    if (check === null) continue;
    const last = valid ? check : (check + rng.int(1, 9)) % 10;
    const digits = first9 + last;
    return rng.chance(0.25) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits;
  }
}
