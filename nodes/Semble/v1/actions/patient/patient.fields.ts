import { z } from 'zod';

import { gql } from '../../../shared/gql';

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

const text = z.string().nullish();
const flag = z.boolean().nullish();

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

export type Patient = z.infer<typeof patientSchema>;
