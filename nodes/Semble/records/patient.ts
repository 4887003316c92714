import { z } from 'zod';

import { gql } from '../shared/gql';
import { checkPhone } from '../shared/validation';
import { flag, text } from './fields';

/** What a patient looks like in this node's output: the fields clinics sync, nothing more. */
export const PATIENT_FIELDS = gql`
	fragment PatientFields on Patient {
		id
		title
		firstName
		lastName
		fullName
		dob
		gender
		sex
		email
		phones { phoneId phoneType phoneNumber }
		address { address city postcode country }
		numbers { id name value }
		communicationPreferences {
			receiveEmail
			receiveSMS
			promotionalMarketing
			paymentReminders
			privacyPolicy { response }
		}
		labels { id referenceId text color }
		customAttributes { id title text response required }
		paymentReference
		membershipName
		onHold
		archived
		comments
		createdAt
		updatedAt
	}
`;

export const patientSchema = z.object({
	id: z.string(),
	title: text,
	firstName: text,
	lastName: text,
	fullName: text,
	dob: text,
	gender: text,
	sex: text,
	email: text,
	phones: z.array(z.object({ phoneId: text, phoneType: text, phoneNumber: text }).nullable()).nullish(),
	address: z.object({ address: text, city: text, postcode: text, country: text }).nullish(),
	numbers: z.array(z.object({ id: z.string(), name: text, value: text }).nullable()).nullish(),
	communicationPreferences: z
		.object({
			receiveEmail: flag,
			receiveSMS: flag,
			promotionalMarketing: flag,
			paymentReminders: flag,
			privacyPolicy: z.object({ response: text }).nullish(),
		})
		.nullish(),
	labels: z.array(z.object({ id: z.string(), referenceId: z.string(), text, color: text }).nullable()).nullish(),
	customAttributes: z
		.array(z.object({ id: text, title: text, text, response: text, required: flag }).nullable())
		.nullish(),
	paymentReference: text,
	membershipName: text,
	onHold: flag,
	archived: flag,
	comments: text,
	createdAt: text,
	updatedAt: text,
});

/** The patient as writes select it and answer with it. */
export const patientRecord = { fragment: PATIENT_FIELDS, schema: patientSchema };

export type Patient = z.infer<typeof patientSchema>;

/**
 * Which phone and which NHS number count, for every reader of a patient (Simplify, the data
 * tools, the conflict check). They take either shape the Semble node outputs: the simplified
 * patient (`phone`, `nhsNumber`) or the full record (`phones[]`, `numbers[]`).
 */
type PatientLike = Record<string, unknown>;
const entries = (list: unknown) =>
	(Array.isArray(list) ? list : []).filter(
		(entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object',
	);

/** The first phone that has a number. */
export function patientPhone(record: PatientLike): unknown {
	if ('phone' in record) return record.phone;
	const first = entries(record.phones).find(
		(phone) => typeof phone.phoneNumber === 'string' && phone.phoneNumber.trim(),
	);
	return first?.phoneNumber ?? null;
}

/** Whether a practice's number type (or a patient's number, named after its type) is the NHS number. */
export const isNhsNumberName = (name: unknown) => /nhs/i.test(String(name ?? '')) && !/non[-\s]?nhs/i.test(String(name));

/** The identifier whose name mentions NHS. */
export function patientNhsNumber(record: PatientLike): unknown {
	if ('nhsNumber' in record) return record.nhsNumber;
	return entries(record.numbers).find((number) => isNhsNumberName(number.name))?.value ?? null;
}

/**
 * What Simplify reads, and all a simplified list asks Semble for: less patient data sent,
 * and less to read.
 */
export const SIMPLE_PATIENT_FIELDS = gql`
	fragment SimplePatientFields on Patient {
		id
		title
		firstName
		lastName
		fullName
		dob
		email
		phones { phoneNumber }
		address { city postcode }
		numbers { id name value }
		communicationPreferences { receiveEmail receiveSMS promotionalMarketing paymentReminders }
		labels { id referenceId text }
		archived
		createdAt
		updatedAt
	}
`;

/** The patient schema's fields that Simplify reads (the nested ones it leaves out are nullish). */
export const simplePatientSchema = patientSchema.pick({
	id: true,
	title: true,
	firstName: true,
	lastName: true,
	fullName: true,
	dob: true,
	email: true,
	phones: true,
	address: true,
	numbers: true,
	communicationPreferences: true,
	labels: true,
	archived: true,
	createdAt: true,
	updatedAt: true,
});

/**
 * Simplify: one flat object with what syncs use — contact details, the NHS number and the
 * consent flags — instead of Semble's nested lists.
 */
export function simplifyPatient(patient: z.infer<typeof simplePatientSchema>) {
	const prefs = patient.communicationPreferences;
	const phone = (patientPhone(patient) as string | null) ?? null;
	const e164 = phone ? checkPhone(phone) : undefined;
	return {
		id: patient.id,
		title: patient.title ?? null,
		firstName: patient.firstName ?? null,
		lastName: patient.lastName ?? null,
		fullName: patient.fullName ?? null,
		dob: patient.dob ?? null,
		email: patient.email ?? null,
		phone,
		/** The phone in E.164 (+44…) for SMS and CRMs; null when it is not a valid number. */
		phoneE164: e164?.ok ? e164.value : null,
		city: patient.address?.city ?? null,
		postcode: patient.address?.postcode ?? null,
		nhsNumber: (patientNhsNumber(patient) as string | null) ?? null,
		receiveEmail: prefs?.receiveEmail ?? null,
		receiveSMS: prefs?.receiveSMS ?? null,
		promotionalMarketing: prefs?.promotionalMarketing ?? null,
		paymentReminders: prefs?.paymentReminders ?? null,
		labels: (patient.labels ?? []).map((label) => label?.text).filter(Boolean),
		archived: patient.archived ?? null,
		createdAt: patient.createdAt ?? null,
		updatedAt: patient.updatedAt ?? null,
	};
}
