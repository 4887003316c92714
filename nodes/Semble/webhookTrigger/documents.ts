import { z } from 'zod';

import { BOOKING_FIELDS, bookingSchema } from '../records/booking';
import { gql } from '../shared/gql';
import { PATIENT_FIELDS, patientSchema } from '../records/patient';
import { text } from '../records/fields';

/** The GraphQL documents the webhook trigger sends (validated against the schema in tests). */

export const LIST_WEBHOOKS = gql`
	query SembleWebhookTriggerSubscriptions {
		webhooks(includeDeleted: false) {
			id
			url
			label
			eventTypes
			headers { key value }
			deleted
			deliveryPaused
		}
	}
`;

export const CREATE_WEBHOOK = gql`
	mutation SembleWebhookTriggerCreate($input: CreateWebhookInput!) {
		createWebhook(input: $input) {
			data { id url label eventTypes }
			error
		}
	}
`;

export const DELETE_WEBHOOK = gql`
	mutation SembleWebhookTriggerDelete($id: ID!) {
		deleteWebhook(id: $id) {
			data { id deleted }
			error
		}
	}
`;

export const GET_EVENT_PATIENT = gql`
	query SembleWebhookTriggerPatient($id: ID!) {
		patient(id: $id) { ...PatientFields }
	}
	${PATIENT_FIELDS}
`;

export const GET_EVENT_BOOKING = gql`
	query SembleWebhookTriggerBooking($id: ID!) {
		booking(id: $id) { ...BookingFields }
	}
	${BOOKING_FIELDS}
`;


export const subscriptionSchema = z.object({
	id: z.string(),
	url: z.string(),
	label: text,
	eventTypes: z.array(z.string()),
	headers: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
	deleted: z.boolean().nullish(),
	deliveryPaused: z.boolean().nullish(),
});

export type Subscription = z.infer<typeof subscriptionSchema>;

export const listWebhooksResponse = z.object({ webhooks: z.array(subscriptionSchema) });

export const createWebhookResponse = z.object({
	createWebhook: z
		.object({
			data: z.object({ id: z.string(), url: text, label: text, eventTypes: z.array(z.string()).nullish() }).nullish(),
			error: text,
		})
		.nullable(),
});

export const deleteWebhookResponse = z.object({
	deleteWebhook: z.object({ data: z.object({ id: z.string(), deleted: z.boolean().nullish() }).nullish(), error: text }).nullable(),
});

export const eventPatientResponse = z.object({ patient: patientSchema.nullable() });

export const eventBookingResponse = z.object({ booking: bookingSchema.nullable() });
