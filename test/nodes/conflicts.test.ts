import { combineFields, compareAsFor, detectConflicts } from '../../nodes/Semble/v1/actions/dataTools/conflicts';
import type { FieldRule } from '../../nodes/Semble/v1/actions/dataTools/fieldRules';
import { HUBSPOT_FIELDS, MAILCHIMP_FIELDS } from '../../nodes/Semble/v1/actions/dataTools/fieldRules';
import { parseBoolean, parseTimestamp, sembleKeyOf } from '../../nodes/Semble/v1/actions/dataTools/fieldValues';

/** The pure comparison behind Data Tool › Detect Conflicts (the engine tests are in dataTools.test.ts). */

const row = (semble: string, external: string, owner: FieldRule['owner'], extra: Partial<FieldRule> = {}): FieldRule => ({
	semble,
	external: [external],
	owner,
	critical: false,
	compareAs: compareAsFor(semble),
	externalFormat: 'plain',
	...extra,
});

const options = { externalName: 'CRM' };

test('the presets: critical fields are exactly email, phone, date of birth and NHS number; the CRM owns marketing', () => {
	for (const fields of [HUBSPOT_FIELDS, MAILCHIMP_FIELDS]) {
		expect(fields.filter((f) => f.critical).map((f) => f.semble).sort()).toEqual(
			fields.map((f) => f.semble).filter((s) => ['email', 'phone', 'dob', 'nhsNumber'].includes(s)).sort(),
		);
		expect(fields.filter((f) => f.owner === 'external').map((f) => f.semble)).toEqual(['promotionalMarketing']);
	}
	expect(HUBSPOT_FIELDS.map((f) => f.external.join('|'))).toEqual([
		'firstname',
		'lastname',
		'email',
		'phone|mobilephone',
		'date_of_birth',
		'nhs_number',
		'address',
		'city',
		'zip',
		'country',
		'marketing_opt_in',
	]);
});

test('timestamps: ISO with or without offset, and milliseconds (number or text)', () => {
	expect(parseTimestamp('2026-03-02T10:00:00Z')).toBe(Date.UTC(2026, 2, 2, 10));
	expect(parseTimestamp('2026-03-02T11:00:00+01:00')).toBe(Date.UTC(2026, 2, 2, 10));
	expect(parseTimestamp(1772445600000)).toBe(Date.UTC(2026, 2, 2, 10));
	expect(parseTimestamp('1772445600000')).toBe(Date.UTC(2026, 2, 2, 10));
	expect(parseTimestamp('yesterday')).toBeUndefined();
	expect(parseTimestamp('')).toBeUndefined();
});

test('booleans as the systems write them', () => {
	expect([true, 'true', 'Yes', 1, '1'].map(parseBoolean)).toEqual([true, true, true, true, true]);
	expect([false, 'false', 'no', 0, '0'].map(parseBoolean)).toEqual([false, false, false, false, false]);
	expect(parseBoolean('maybe')).toBeUndefined();
});

test('nested Semble paths mean the simplified field', () => {
	expect(sembleKeyOf('address.city')).toBe('city');
	expect(sembleKeyOf('communicationPreferences.receiveSMS')).toBe('receiveSMS');
	expect(sembleKeyOf('customAttributes.0.response')).toBe('customAttributes.0.response');
	expect(compareAsFor('address.postcode')).toBe('postcode');
	expect(compareAsFor('communicationPreferences.receiveEmail')).toBe('boolean');
	expect(compareAsFor('title')).toBe('text');
});

test('extra rows replace a preset row for the same Semble field and add the rest', () => {
	const combined = combineFields(HUBSPOT_FIELDS, [row('address.city', 'town', 'lastWrite'), row('title', 'salutation', 'semble')]);
	expect(combined.filter((f) => f.semble === 'city')).toEqual([]);
	expect(combined.slice(-2).map((f) => [f.semble, f.external[0]])).toEqual([
		['address.city', 'town'],
		['title', 'salutation'],
	]);
});

test('NHS numbers compare as digits; names ignore case and extra spaces; dates ignore the time', () => {
	const result = detectConflicts(
		{ nhsNumber: '943-476-5919', firstName: 'Mary  Ann', dob: '1985-04-23' },
		{ nhs: '943 476 5919', first: ' mary ann ', birth: '1985-04-23T00:00:00.000Z' },
		[row('nhsNumber', 'nhs', 'semble'), row('firstName', 'first', 'semble'), row('dob', 'birth', 'semble')],
		options,
	);
	expect(result).toEqual({ conflicts: [], hasConflicts: false, needsReview: false, merged: { semble: {}, external: {} }, filled: [] });
});

test('a field a record does not include is not compared; one it includes as empty is filled', () => {
	const fields = [row('city', 'city', 'semble'), row('postcode', 'zip', 'semble')];
	const result = detectConflicts({ postcode: 'ls1 4ap' }, { city: 'Leeds', zip: null }, fields, options);
	expect(result.merged).toEqual({ semble: {}, external: { zip: 'LS1 4AP' } });
});

test('a custom row marked critical goes to review; equal timestamps on last write go to review', () => {
	const fields = [row('title', 'salutation', 'semble', { critical: true }), row('city', 'town', 'lastWrite')];
	const result = detectConflicts(
		{ title: 'Ms', city: 'York', updatedAt: '2026-03-01T10:00:00Z' },
		{ salutation: 'Dr', town: 'Leeds', updatedAt: '2026-03-01T10:00:00.000Z' },
		fields,
		options,
	);
	expect(result.conflicts.map((c) => [c.field, c.rule, c.resolution])).toEqual([
		['title', 'critical → manual review', 'review'],
		['city', 'last write → manual review (both changed at the same time)', 'review'],
	]);
	expect(result.merged).toEqual({ semble: {}, external: {} });
});

test('a phone the CRM keeps as its mobile number matches, whichever HubSpot field holds it', () => {
	const result = detectConflicts(
		{ phone: '07700 900123' },
		{ properties: { phone: '020 7946 0000', mobilephone: '+44 7700 900123' } },
		HUBSPOT_FIELDS,
		{ externalName: 'HubSpot' },
	);
	expect(result.conflicts).toEqual([]);
});
