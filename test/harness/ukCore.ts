import { isValidNhsNumber } from '../../sandbox';

/**
 * The UK Core constraints Convert to FHIR's resources are shaped to, as the UK Core
 * profiles (UKCore-Patient, UKCore-Appointment, UKCore-Practitioner) and the R4 invariants
 * they keep state them; written out here because no offline validator reads UK Core's
 * profiles. What it returns is [] for a resource that keeps them.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources as JSON, read field by field
type Json = Record<string, any>;

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';
export const PROFILES: Record<string, string> = {
	Patient: `${UK_CORE}/UKCore-Patient`,
	Appointment: `${UK_CORE}/UKCore-Appointment`,
	Practitioner: `${UK_CORE}/UKCore-Practitioner`,
};
const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const VERIFICATION_EXTENSION = `${UK_CORE}/Extension-UKCore-NHSNumberVerificationStatus`;
const VERIFICATION_CODES = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';
/** UKCore-NHSNumberVerificationStatusEngland's codes, less 01 ("present and verified"): we trace nothing. */
const NOT_VERIFIED = ['02', '03', '04', '05', '06', '07', '08'];
/** An instant with its offset: Z or ±hh:mm. */
const WITH_OFFSET = /T\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

function patientProblems(patient: Json): string[] {
	const problems: string[] = [];
	for (const identifier of patient.identifier ?? []) {
		if (identifier.system !== NHS_NUMBER) continue;
		if (!/^\d{10}$/.test(identifier.value ?? '')) problems.push('NHS number: not 10 digits');
		else if (!isValidNhsNumber(identifier.value)) problems.push('NHS number: wrong check digit');
		const statuses = (identifier.extension ?? []).filter((extension: Json) => extension.url === VERIFICATION_EXTENSION);
		if (statuses.length !== 1) problems.push('NHS number: one verification status extension expected');
		for (const status of statuses) {
			const coding = status.valueCodeableConcept?.coding ?? [];
			if (coding.length !== 1 || coding[0].system !== VERIFICATION_CODES) problems.push('NHS number: status not coded');
			else if (!NOT_VERIFIED.includes(coding[0].code))
				problems.push(`NHS number: status ${coding[0].code} claims verified`);
		}
	}
	return problems;
}

function appointmentProblems(appointment: Json): string[] {
	const problems: string[] = [];
	const participants: Json[] = appointment.participant ?? [];
	if (participants.length < 1) problems.push('participant: at least one required');
	if (participants.some((p) => !p.actor && !p.type)) problems.push('app-1: a participant needs a type or an actor');
	if (!['booked', 'arrived', 'fulfilled', 'noshow', 'cancelled'].includes(appointment.status))
		problems.push('status: not mapped');
	if (!appointment.start !== !appointment.end) problems.push('app-2: start and end, or neither');
	if (!appointment.start && !['proposed', 'cancelled', 'waitlist'].includes(appointment.status))
		problems.push('app-3: start required');
	if (appointment.cancelationReason && !['cancelled', 'noshow'].includes(appointment.status))
		problems.push('app-4: reason only when cancelled');
	for (const field of ['start', 'end']) {
		if (appointment[field] && !WITH_OFFSET.test(appointment[field])) problems.push(`${field}: no offset`);
	}
	if (Date.parse(appointment.end) < Date.parse(appointment.start)) problems.push('end before start');
	return problems;
}

export function ukCoreProblems(resource: Json): string[] {
	const problems: string[] = [];
	const profile = PROFILES[resource.resourceType];
	if (!profile || !resource.meta?.profile?.includes(profile)) problems.push('meta.profile: UK Core profile missing');
	const local = (resource.identifier ?? []).filter((identifier: Json) => identifier.system !== NHS_NUMBER);
	if (local.length !== 1 || local[0].value !== resource.id || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(local[0].system)) {
		problems.push('identifier: the Semble id under the local system expected');
	}
	if (resource.resourceType === 'Patient') problems.push(...patientProblems(resource));
	if (resource.resourceType === 'Appointment') problems.push(...appointmentProblems(resource));
	return problems;
}
