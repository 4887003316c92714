import type { Booking, BookingStatus } from '../../../../records/booking';
import { bookingStatus } from '../../../../records/booking';
import { plainIsoMs, toPracticeTime } from '../../../../shared/practiceTime';
import { checkDateTime } from '../../../../shared/validation';
import type { Appointment, AppointmentStatus, Report, SembleRecord } from './resources';
import { UK_CORE, fhirId, localIdentifier, objectOf, textOf } from './resources';

/**
 * A Semble booking (the full record or our simplified one) as a UK Core Appointment.
 * Participants are relative references, `Patient/<Semble id>` and `Practitioner/<Semble
 * id>`: the ids Convert to FHIR gives the Patient and Practitioner made from the same
 * records. Booking comments are never copied (they can hold clinical notes).
 */

export const APPOINTMENT_PROFILE = `${UK_CORE}/UKCore-Appointment`;

/** Semble has no booking status; the node derives one (records/booking.ts), and FHIR has these. */
export const APPOINTMENT_STATUS: Record<BookingStatus, AppointmentStatus> = {
	booked: 'booked',
	arrived: 'arrived',
	'in consultation': 'fulfilled',
	completed: 'fulfilled',
	'no-show': 'noshow',
	cancelled: 'cancelled',
};

/** From the journey when the record has it (full record), else the simplified record's status. */
function status(record: SembleRecord, report: Report): AppointmentStatus | undefined {
	if ('bookingJourney' in record || 'deleted' in record) {
		const journey = objectOf(record, 'bookingJourney') as Booking['bookingJourney'];
		return APPOINTMENT_STATUS[bookingStatus({ deleted: record.deleted === true, bookingJourney: journey })];
	}
	const derived = textOf(record, 'status') ?? 'booked';
	if (derived in APPOINTMENT_STATUS) return APPOINTMENT_STATUS[derived as BookingStatus];
	report('status', `is not a booking status (${Object.keys(APPOINTMENT_STATUS).join(', ')})`);
	return undefined;
}

/** A FHIR instant, which must carry an offset: Semble's UTC times become UK practice time. */
function instant(record: SembleRecord, field: string, report: Report): string | undefined {
	const text = textOf(record, field);
	if (!text) {
		report(field, 'must not be empty');
		return undefined;
	}
	if (!Number.isNaN(plainIsoMs(text))) return toPracticeTime(text) as string;
	// A time with no offset was written in practice time (as Booking › Create reads it).
	const checked = checkDateTime(text);
	if (checked.ok) return checked.value;
	report(field, checked.reason);
	return undefined;
}

export function bookingToFhir(record: SembleRecord, system: string, report: Report): Appointment | undefined {
	let failed = false;
	const problem: Report = (field, reason) => {
		failed = true;
		report(field, reason);
	};
	const id = fhirId(record, 'id', problem);
	const appointmentStatus = status(record, problem);
	const start = instant(record, 'start', problem);
	const end = instant(record, 'end', problem);
	if (start && end && Date.parse(end) < Date.parse(start)) problem('end', 'is before start');
	const patientId = fhirId(record, 'patientId', problem);
	const doctor = objectOf(record, 'doctor');
	const practitionerId = doctor
		? fhirId(doctor, 'id', (_field, reason) => problem('doctor.id', reason))
		: textOf(record, 'clinicianId') && fhirId(record, 'clinicianId', problem);
	if (failed || !id || !appointmentStatus || !start || !end || !patientId) return undefined;

	const appointment: Appointment = {
		resourceType: 'Appointment',
		id,
		meta: { profile: [APPOINTMENT_PROFILE] },
		identifier: [localIdentifier(system, id)],
		status: appointmentStatus,
		start,
		end,
		// Semble records no answer per participant; a booking is taken as agreed by both.
		participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
	};
	const reason = textOf(record, 'cancellationReason');
	if (appointmentStatus === 'cancelled' && reason) appointment.cancelationReason = { text: reason };
	if (practitionerId) {
		const display = doctor ? textOf(doctor, 'fullName') : textOf(record, 'clinicianName');
		const actor = display
			? { reference: `Practitioner/${practitionerId}`, display }
			: { reference: `Practitioner/${practitionerId}` };
		appointment.participant.push({ actor, status: 'accepted' });
	}
	return appointment;
}
