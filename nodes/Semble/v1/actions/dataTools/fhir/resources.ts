/**
 * The FHIR R4 shapes Convert to FHIR writes, and what the three converters share. Only the
 * elements we fill are typed; every resource names its UK Core profile in meta.profile.
 * UK Core-shaped, not NHS-assured: nothing here has been through NHS England's assurance.
 */

export const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

export interface Coding {
	system: string;
	code: string;
	display: string;
}
export interface CodeableConcept {
	coding?: Coding[];
	text?: string;
}
export interface Extension {
	url: string;
	valueCodeableConcept: CodeableConcept;
}
export interface Identifier {
	extension?: Extension[];
	system: string;
	value: string;
}
export interface HumanName {
	text?: string;
	family?: string;
	given?: string[];
	prefix?: string[];
}
export interface ContactPoint {
	system: 'phone' | 'email';
	value: string;
	use?: 'home' | 'work' | 'mobile';
}
export interface Address {
	line?: string[];
	city?: string;
	postalCode?: string;
	country?: string;
}
export interface Reference {
	reference: string;
	display?: string;
}
interface Resource {
	id: string;
	meta: { profile: string[] };
	identifier: Identifier[];
}
export interface Patient extends Resource {
	resourceType: 'Patient';
	active?: boolean;
	name?: HumanName[];
	telecom?: ContactPoint[];
	gender?: 'male' | 'female' | 'other' | 'unknown';
	birthDate?: string;
	address?: Address[];
}
export interface Practitioner extends Resource {
	resourceType: 'Practitioner';
	active?: boolean;
	name?: HumanName[];
	telecom?: ContactPoint[];
}
export type AppointmentStatus = 'booked' | 'arrived' | 'fulfilled' | 'noshow' | 'cancelled';
export interface Appointment extends Resource {
	resourceType: 'Appointment';
	status: AppointmentStatus;
	cancelationReason?: CodeableConcept;
	start: string;
	end: string;
	participant: Array<{ actor: Reference; status: 'accepted' }>;
}
export type FhirResource = Patient | Practitioner | Appointment;

/** Semble's record as an item holds it: its full record or our simplified one, as JSON. */
export type SembleRecord = Record<string, unknown>;
/** Notes a problem with a field of the record (a converter reports every one, then the item fails). */
export type Report = (field: string, reason: string) => void;

/** Text a field holds, trimmed; undefined when it is missing, empty or not text. */
export function textOf(record: SembleRecord, field: string): string | undefined {
	const value = record[field];
	if (typeof value === 'string') return value.trim() || undefined;
	return typeof value === 'number' ? String(value) : undefined;
}

/** A nested object (Semble's doctor, address, bookingJourney), or undefined. */
export function objectOf(record: SembleRecord, field: string): SembleRecord | undefined {
	const value = record[field];
	return value !== null && typeof value === 'object' ? (value as SembleRecord) : undefined;
}

/** FHIR's id type: references are `Patient/<id>`, so a Semble id must fit it as it is. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A Semble id usable as a FHIR id, or undefined after reporting why not. */
export function fhirId(record: SembleRecord, field: string, report: Report): string | undefined {
	const id = textOf(record, field);
	if (!id) report(field, 'must not be empty');
	else if (!FHIR_ID.test(id))
		report(field, 'is not usable as a FHIR id (letters, digits, "-" and "." only, at most 64)');
	else return id;
	return undefined;
}

/** The record's Semble id under the clinic's own identifier system. */
export const localIdentifier = (system: string, id: string): Identifier => ({ system, value: id });

/** A person's name from Semble's title, first, last and full name; undefined when it has none. */
export function humanName(record: SembleRecord): HumanName[] | undefined {
	const name: HumanName = {};
	const text = textOf(record, 'fullName');
	const family = textOf(record, 'lastName');
	const given = textOf(record, 'firstName');
	const prefix = textOf(record, 'title');
	if (text) name.text = text;
	if (family) name.family = family;
	if (given) name.given = [given];
	if (prefix) name.prefix = [prefix];
	return text || family || given ? [name] : undefined;
}
