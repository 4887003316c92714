import { DateTime } from 'luxon';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { z } from 'zod';

import { filteredPages, joinName, matches, searchedPage, searchOf } from './lists';
import { PRACTICE_TIMEZONE } from '../shared/practiceTime';
import { sembleRequest } from '../transport';
import {
	SEARCH_APPOINTMENT_TYPES,
	SEARCH_BOOKINGS,
	SEARCH_LABELS,
	SEARCH_LOCATIONS,
	SEARCH_PATIENTS,
	SEARCH_PRODUCTS,
	SEARCH_STAFF,
} from './documents';
import { text } from '../records/fields';

/**
 * The searchable lists behind the node's resource locators ("From List"). Semble searches
 * patients, staff and products itself; rooms, appointment types and labels are filtered
 * here. Paged lists hand n8n the next page number as the pagination token.
 *
 * Names are what a clinic recognises, and no more: a patient is "Jane Smith (1985-04-23)",
 * never their email or phone number, because the list is shown to anyone editing the workflow.
 */

const patientRow = z.object({ id: z.string(), firstName: text, lastName: text, fullName: text, dob: text });
const staffRow = z.object({ id: z.string(), firstName: text, lastName: text, fullName: text });

/** "Jane Smith (1985-04-23)": the name and date of birth a receptionist would ask for. */
function patientListName(patient: z.infer<typeof patientRow>): string {
	const name = patient.fullName?.trim() || joinName(patient.firstName, patient.lastName) || 'Unnamed patient';
	const dob = /^\d{4}-\d{2}-\d{2}/.exec(patient.dob ?? '')?.[0];
	return dob ? `${name} (${dob})` : name;
}

/** Patients by name, email or date of birth (Semble's own search); shown as name and date of birth only. */
export async function searchPatients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchedPage(
		this,
		{
			document: SEARCH_PATIENTS,
			field: 'patients',
			row: patientRow,
			variables: { search: searchOf(filter) },
			toItem: (patient) => ({ name: patientListName(patient), value: patient.id }),
		},
		paginationToken,
	);
}

async function searchUsers(
	context: ILoadOptionsFunctions,
	cliniciansOnly: boolean,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchedPage(
		context,
		{
			document: SEARCH_STAFF,
			field: 'users',
			row: staffRow,
			variables: {
				options: { search: searchOf(filter) },
				filters: cliniciansOnly ? { isClinician: true } : undefined,
			},
			toItem: (user) => ({
				name: user.fullName?.trim() || joinName(user.firstName, user.lastName) || user.id,
				value: user.id,
			}),
		},
		paginationToken,
	);
}

/** Clinicians (staff who see patients) by name. */
export async function searchClinicians(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchUsers(this, true, filter, paginationToken);
}

/** Every current member of staff (clinicians, reception, admin) by name. */
export async function searchStaff(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchUsers(this, false, filter, paginationToken);
}

/** Products, treatments and services by name (Semble's own search). */
export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchedPage(
		this,
		{
			document: SEARCH_PRODUCTS,
			field: 'products',
			row: z.object({ id: z.string(), name: text }),
			variables: { search: searchOf(filter) },
			toItem: (product) => ({ name: product.name?.trim() || product.id, value: product.id }),
		},
		paginationToken,
	);
}

/** The practice's patient labels, e.g. VIP or Insurance (Semble cannot search them: filtered here). */
export async function searchLabels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await filteredPages(
		this,
		{
			document: SEARCH_LABELS,
			field: 'labels',
			row: z.object({ id: z.string(), title: text }),
			toItem: (label) => ({ name: label.title?.trim() || label.id, value: label.id }),
		},
		filter,
		paginationToken,
	);
}

/** Rooms as "Room 1 — London Harley Street" (room — site); the whole list comes in one answer. */
export async function searchLocations(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const schema = z.object({
		practice: z
			.object({ locations: z.array(z.object({ id: z.string(), name: text, groupName: text }).nullable()).nullish() })
			.nullable(),
	});
	const data: z.infer<typeof schema> = await sembleRequest.call(this, { document: SEARCH_LOCATIONS, kind: 'read', schema });
	const results = (data.practice?.locations ?? [])
		.filter((room) => room !== null)
		.map((room) => ({
			name: [room.name?.trim() || room.id, room.groupName?.trim()].filter(Boolean).join(' — '),
			value: room.id,
		}));
	return { results: results.filter((item) => matches(item.name, filter)) };
}

/** Appointment types (bookable products) by title; the whole list comes in one answer. */
export async function searchAppointmentTypes(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const schema = z.object({
		practice: z
			.object({ appointmentTypes: z.array(z.object({ id: z.string().nullish(), title: text }).nullable()).nullish() })
			.nullable(),
	});
	const data: z.infer<typeof schema> = await sembleRequest.call(this, {
		document: SEARCH_APPOINTMENT_TYPES,
		kind: 'read',
		schema,
	});
	const results = (data.practice?.appointmentTypes ?? [])
		.filter((type): type is { id: string; title?: string | null } => Boolean(type?.id))
		.map((type) => ({ name: type.title?.trim() || type.id, value: type.id }));
	return { results: results.filter((item) => matches(item.name, filter)) };
}

/** How far ahead the booking list reaches; any other booking is given By ID. */
const BOOKING_LIST_DAYS = 28;

const bookingRow = z.object({
	id: z.string(),
	start: text,
	deleted: z.boolean().nullish(),
	doctor: z.object({ fullName: text }).nullish(),
	appointment: z.object({ title: text }).nullish(),
});

/** "Tue 3 Dec 2026 10:00 · Dr Jane Smith · Initial Consultation": practice time, no patient detail. */
function bookingListName(booking: z.infer<typeof bookingRow>): string {
	const start = booking.start ? DateTime.fromISO(booking.start).setZone(PRACTICE_TIMEZONE) : undefined;
	const when = start?.isValid ? start.toFormat('ccc d LLL yyyy HH:mm') : 'No start time';
	return [when, booking.doctor?.fullName?.trim(), booking.appointment?.title?.trim()].filter(Boolean).join(' · ');
}

/** Upcoming bookings (today and the next four weeks), searched here by date, clinician or appointment type. */
export async function searchBookings(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const today = DateTime.now().setZone(PRACTICE_TIMEZONE).startOf('day');
	return await filteredPages(
		this,
		{
			document: SEARCH_BOOKINGS,
			field: 'bookings',
			row: bookingRow,
			variables: { dateRange: { start: today.toISO(), end: today.plus({ days: BOOKING_LIST_DAYS }).toISO() } },
			toItem: (booking) => ({ name: bookingListName(booking), value: booking.id }),
		},
		filter,
		paginationToken,
	);
}
