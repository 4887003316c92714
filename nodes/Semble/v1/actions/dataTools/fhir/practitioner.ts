import type { Practitioner, Report, SembleRecord } from './resources';
import { UK_CORE, fhirId, humanName, localIdentifier, textOf } from './resources';

/**
 * A member of Semble staff as a UK Core Practitioner: name, the Semble id under the clinic's
 * system, and the work email when there is one. Professional registrations are left out:
 * Semble holds them as free text ("GMC 7123456"), not as a number under a known system.
 */

export const PRACTITIONER_PROFILE = `${UK_CORE}/UKCore-Practitioner`;

export function staffToFhir(record: SembleRecord, system: string, report: Report): Practitioner | undefined {
	const id = fhirId(record, 'id', report);
	if (!id) return undefined;
	const practitioner: Practitioner = {
		resourceType: 'Practitioner',
		id,
		meta: { profile: [PRACTITIONER_PROFILE] },
		identifier: [localIdentifier(system, id)],
	};
	if (typeof record.deleted === 'boolean') practitioner.active = !record.deleted;
	const name = humanName(record);
	if (name) practitioner.name = name;
	const email = textOf(record, 'email');
	if (email) practitioner.telecom = [{ system: 'email', value: email, use: 'work' }];
	return practitioner;
}
