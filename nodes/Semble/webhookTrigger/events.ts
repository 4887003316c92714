import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The webhook event names Semble documents (docs/semble-api/NOTES.md §6): lowercase dotted
 * strings, used both to subscribe and as `eventType` in deliveries. The order here is the
 * canonical one: subscriptions are cut from it in blocks of at most 10 event types.
 */

export type RecordKind = 'patient' | 'booking';

interface EventDefinition {
	value: string;
	name: string;
	description: string;
}

const EVENTS: EventDefinition[] = [
	{ value: 'booking.created', name: 'Booking Created', description: 'An appointment was booked' },
	{ value: 'booking.updated', name: 'Booking Updated', description: 'An appointment was changed, e.g. rescheduled' },
	{ value: 'booking.deleted', name: 'Booking Cancelled (Deleted)', description: 'An appointment was cancelled or deleted' },
	{ value: 'booking.patientJourney.arrived', name: 'Booking Journey: Patient Arrived', description: 'The patient checked in' },
	{ value: 'booking.patientJourney.inConsultation', name: 'Booking Journey: In Consultation', description: 'The consultation started' },
	{ value: 'booking.patientJourney.completed', name: 'Booking Journey: Completed', description: 'The patient left (departed)' },
	{ value: 'booking.patientJourney.noShow', name: 'Booking Journey: No-Show', description: 'The patient did not attend (DNA)' },
	{ value: 'patient.created', name: 'Patient Created', description: 'A patient was added' },
	{ value: 'patient.updated', name: 'Patient Updated', description: 'A patient’s details changed' },
	{ value: 'patient.deleted', name: 'Patient Deleted', description: 'A patient was deleted (there is no record left to fetch)' },
	{ value: 'patient.archived', name: 'Patient Archived', description: 'A patient was archived' },
	{ value: 'patient.unarchived', name: 'Patient Unarchived', description: 'A patient was restored from the archive' },
	{ value: 'patient.merged', name: 'Patients Merged', description: 'A duplicate patient was merged into another (source → target)' },
	{ value: 'patient.membership.updated', name: 'Patient Membership Updated', description: 'A patient’s membership changed' },
	{ value: 'patient.label.added', name: 'Patient Label Added', description: 'A label such as VIP was put on a patient' },
	{ value: 'patient.label.removed', name: 'Patient Label Removed', description: 'A label was taken off a patient' },
	{ value: 'patient.customAttribute.added', name: 'Patient Custom Attribute Added', description: 'A custom attribute was added to a patient' },
	{ value: 'patient.customAttribute.updated', name: 'Patient Custom Attribute Updated', description: 'A patient’s custom attribute changed' },
	{ value: 'patient.customAttribute.removed', name: 'Patient Custom Attribute Removed', description: 'A custom attribute was removed from a patient' },
	{ value: 'patient.relationship.added', name: 'Patient Relationship Added', description: 'A relationship (e.g. next of kin) was added' },
	{ value: 'patient.relationship.updated', name: 'Patient Relationship Updated', description: 'A patient relationship changed' },
	{ value: 'patient.relationship.removed', name: 'Patient Relationship Removed', description: 'A patient relationship was removed' },
	{ value: 'patient.phone.added', name: 'Patient Phone Added', description: 'A phone number was added to a patient' },
	{ value: 'patient.phone.updated', name: 'Patient Phone Updated', description: 'A patient’s phone number changed' },
	{ value: 'patient.phone.removed', name: 'Patient Phone Removed', description: 'A phone number was removed from a patient' },
	{ value: 'episode.created', name: 'Episode Created', description: 'An episode of care was opened' },
	{ value: 'episode.updated', name: 'Episode Updated', description: 'An episode of care changed' },
	{ value: 'episode.deleted', name: 'Episode Deleted', description: 'An episode of care was deleted' },
	{ value: 'pathway.created', name: 'Pathway Created', description: 'A care pathway was created' },
	{ value: 'pathway.updated', name: 'Pathway Updated', description: 'A care pathway changed' },
	{ value: 'pathway.deleted', name: 'Pathway Deleted', description: 'A care pathway was deleted' },
	{ value: 'pathway.booking.assigned', name: 'Pathway Booking Assigned', description: 'A booking was added to a pathway' },
	{ value: 'pathway.booking.unassigned', name: 'Pathway Booking Unassigned', description: 'A booking was taken off a pathway' },
	{
		value: 'webhook.event.deliveryFailed',
		name: 'System: Delivery Failed (Catch-Up Needed)',
		description: 'Semble gave up delivering an event to this workflow; run a catch-up poll',
	},
	{
		value: 'webhook.subscription.updated',
		name: 'System: Subscription Paused or Resumed (Catch-Up Needed)',
		description: 'Semble paused (or resumed) delivery to this workflow; run a catch-up poll',
	},
];

export const MAX_EVENT_TYPES_PER_SUBSCRIPTION = 10;

export const KNOWN_EVENTS: readonly string[] = EVENTS.map((event) => event.value);

/** Events that report a gap in delivery: the item carries `catchUpNeeded: true`. */
export const CATCH_UP_EVENTS: ReadonlySet<string> = new Set(['webhook.event.deliveryFailed', 'webhook.subscription.updated']);

/** The Events parameter's choices, sorted by name (grouped by the name's first word). */
export const eventOptions: INodePropertyOptions[] = EVENTS.map((event) => ({
	name: event.name,
	value: event.value,
	description: `${event.description} (${event.value})`,
})).sort((a, b) => a.name.localeCompare(b.name));

/** Unique, in canonical order; unknown names (typed as an expression) go last, as given. */
export function canonicalEvents(events: readonly string[]): string[] {
	const unique = [...new Set(events.map((event) => event.trim()).filter(Boolean))];
	const rank = (event: string) => {
		const index = KNOWN_EVENTS.indexOf(event);
		return index === -1 ? KNOWN_EVENTS.length : index;
	};
	return unique.sort((a, b) => rank(a) - rank(b));
}

/** Semble allows at most 10 event types per subscription. */
export function chunkEvents(events: readonly string[], size = MAX_EVENT_TYPES_PER_SUBSCRIPTION): string[][] {
	const chunks: string[][] = [];
	for (let i = 0; i < events.length; i += size) chunks.push(events.slice(i, i + size));
	return chunks;
}

/** Which record an event is about, when it can be fetched by an id in its identifiers. */
export function recordKindOf(eventType: string): RecordKind | undefined {
	if (eventType.startsWith('booking.')) return 'booking';
	if (eventType.startsWith('patient.')) return 'patient';
	return undefined;
}
