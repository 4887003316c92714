import { patientNhsNumber } from '../../../../records/patient';
import { checkDateOfBirth, checkNhsNumber, checkPhone } from '../../../../shared/validation';
import type { Address, ContactPoint, Identifier, Patient, Report, SembleRecord } from './resources';
import { NHS_NUMBER_SYSTEM, UK_CORE, fhirId, humanName, localIdentifier, objectOf, textOf } from './resources';

/**
 * A Semble patient (the full record or our simplified one) as a UK Core Patient. The NHS
 * number goes in only when its check digit is right, and says it was not traced: we never
 * traced it against the Personal Demographics Service, so it is never "verified".
 */

export const PATIENT_PROFILE = `${UK_CORE}/UKCore-Patient`;
export const NHS_NUMBER_VERIFICATION_STATUS = `${UK_CORE}/Extension-UKCore-NHSNumberVerificationStatus`;
export const VERIFICATION_STATUS_CODES = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

function nhsNumberIdentifier(record: SembleRecord): Identifier | undefined {
	const written = patientNhsNumber(record);
	const nhsNumber = typeof written === 'string' ? checkNhsNumber(written) : undefined;
	if (!nhsNumber?.ok) return undefined;
	return {
		extension: [
			{
				url: NHS_NUMBER_VERIFICATION_STATUS,
				valueCodeableConcept: {
					coding: [{ system: VERIFICATION_STATUS_CODES, code: '02', display: 'Number present but not traced' }],
				},
			},
		],
		system: NHS_NUMBER_SYSTEM,
		value: nhsNumber.value,
	};
}

/** Semble's gender (or sex) is free text; FHIR's administrative gender has four codes. */
const GENDERS: Record<string, Patient['gender']> = {
	male: 'male',
	m: 'male',
	man: 'male',
	female: 'female',
	f: 'female',
	woman: 'female',
	unknown: 'unknown',
	'not known': 'unknown',
	'not stated': 'unknown',
	'not specified': 'unknown',
	'prefer not to say': 'unknown',
};

/** Any other value a person wrote (e.g. "Non-binary") is FHIR's "other"; none is left out. */
function gender(record: SembleRecord): Patient['gender'] {
	const text = textOf(record, 'gender') ?? textOf(record, 'sex');
	return text ? (GENDERS[text.toLowerCase()] ?? 'other') : undefined;
}

const PHONE_USES: Record<string, ContactPoint['use']> = { mobile: 'mobile', home: 'home', work: 'work' };

/** A phone in E.164 where our phone check reads it, else as Semble holds it. */
function phone(number: string, type?: string): ContactPoint {
	const e164 = checkPhone(number);
	const contact: ContactPoint = { system: 'phone', value: e164.ok ? e164.value : number };
	const use = type && PHONE_USES[type.toLowerCase()];
	if (use) contact.use = use;
	return contact;
}

function telecom(record: SembleRecord): ContactPoint[] | undefined {
	const contacts: ContactPoint[] = [];
	if (Array.isArray(record.phones)) {
		for (const entry of record.phones as unknown[]) {
			if (entry === null || typeof entry !== 'object') continue;
			const number = textOf(entry as SembleRecord, 'phoneNumber');
			if (number) contacts.push(phone(number, textOf(entry as SembleRecord, 'phoneType')));
		}
	} else {
		const number = textOf(record, 'phoneE164') ?? textOf(record, 'phone');
		if (number) contacts.push(phone(number));
	}
	const email = textOf(record, 'email');
	if (email) contacts.push({ system: 'email', value: email });
	return contacts.length ? contacts : undefined;
}

/** The full record's address object, or the simplified record's city and postcode. */
function address(record: SembleRecord): Address[] | undefined {
	const source = objectOf(record, 'address') ?? record;
	const result: Address = {};
	const lines = textOf(source, 'address')
		?.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
	const city = textOf(source, 'city');
	const postalCode = textOf(source, 'postcode');
	const country = textOf(source, 'country');
	if (lines?.length) result.line = lines;
	if (city) result.city = city;
	if (postalCode) result.postalCode = postalCode.toUpperCase();
	if (country) result.country = country;
	return lines?.length || city || postalCode || country ? [result] : undefined;
}

export function patientToFhir(record: SembleRecord, system: string, report: Report): Patient | undefined {
	const id = fhirId(record, 'id', report);
	const dob = textOf(record, 'dob');
	const birthDate = dob === undefined ? undefined : checkDateOfBirth(dob);
	if (birthDate && !birthDate.ok) report('dob', birthDate.reason);
	if (!id || (birthDate && !birthDate.ok)) return undefined;

	const identifier = [localIdentifier(system, id)];
	const nhsNumber = nhsNumberIdentifier(record);
	if (nhsNumber) identifier.push(nhsNumber);
	const patient: Patient = { resourceType: 'Patient', id, meta: { profile: [PATIENT_PROFILE] }, identifier };
	if (typeof record.archived === 'boolean') patient.active = !record.archived;
	const name = humanName(record);
	if (name) patient.name = name;
	const contacts = telecom(record);
	if (contacts) patient.telecom = contacts;
	const administrativeGender = gender(record);
	if (administrativeGender) patient.gender = administrativeGender;
	if (birthDate?.ok) patient.birthDate = birthDate.value;
	const addresses = address(record);
	if (addresses) patient.address = addresses;
	return patient;
}
