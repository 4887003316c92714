import { bookingToFhir } from '../../nodes/Semble/v1/actions/dataTools/fhir/appointment';
import { patientToFhir } from '../../nodes/Semble/v1/actions/dataTools/fhir/patient';
import { staffToFhir } from '../../nodes/Semble/v1/actions/dataTools/fhir/practitioner';
import type { Report, SembleRecord } from '../../nodes/Semble/v1/actions/dataTools/fhir/resources';
import { uriProblem } from '../../nodes/Semble/v1/actions/dataTools/convertToFhir.operation';
import { validateR4 } from '../harness/fhirR4';
import { validNhs, spaced } from '../harness/nhs';
import { ukCoreProblems } from '../harness/ukCore';

/** Convert to FHIR's mappings, field by field, on hand-made records (the pure converters). */

const SYSTEM = 'https://fhir.yourclinic.example/Id/semble-patient';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources as JSON, read field by field
type Json = Record<string, any>;
type Converter = (record: SembleRecord, system: string, report: Report) => object | undefined;

/** The resource, after checking it is valid R4 and keeps UK Core; or the problems reported. */
function converted(convert: Converter, record: SembleRecord) {
	const problems: string[] = [];
	const resource = convert(record, SYSTEM, (field, reason) => problems.push(`${field} ${reason}`)) as Json;
	if (resource) expect([...validateR4(resource), ...ukCoreProblems(resource)]).toEqual([]);
	return { resource, problems };
}

const NHS = validNhs(123456);

describe('Patient', () => {
	test('the full record: name, NHS number (not traced), gender, birth date, phones in E.164 with use, email, address', () => {
		const { resource } = converted(patientToFhir, {
			id: 'pat-1',
			title: 'Ms',
			firstName: 'Jane',
			lastName: 'Smith',
			fullName: 'Jane Smith',
			dob: '1985-04-23',
			gender: 'Female',
			email: 'jane@example.com',
			phones: [
				{ phoneId: 'ph1', phoneType: 'Mobile', phoneNumber: '07700 900123' },
				{ phoneId: 'ph2', phoneType: 'Fax', phoneNumber: 'ask reception' },
				null,
			],
			address: { address: '1 High Street\nFlat 2', city: 'York', postcode: 'yo1 7hh', country: 'United Kingdom' },
			numbers: [{ id: 'n1', name: 'NHS Number', value: spaced(NHS) }],
			archived: false,
			comments: 'never copied',
		});
		expect(resource).toEqual({
			resourceType: 'Patient',
			id: 'pat-1',
			meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
			identifier: [
				{ system: SYSTEM, value: 'pat-1' },
				{
					extension: [
						{
							url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
							valueCodeableConcept: {
								coding: [
									{
										system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
										code: '02',
										display: 'Number present but not traced',
									},
								],
							},
						},
					],
					system: 'https://fhir.nhs.uk/Id/nhs-number',
					value: NHS,
				},
			],
			active: true,
			name: [{ text: 'Jane Smith', family: 'Smith', given: ['Jane'], prefix: ['Ms'] }],
			telecom: [
				{ system: 'phone', value: '+447700900123', use: 'mobile' },
				{ system: 'phone', value: 'ask reception' },
				{ system: 'email', value: 'jane@example.com' },
			],
			gender: 'female',
			birthDate: '1985-04-23',
			address: [{ line: ['1 High Street', 'Flat 2'], city: 'York', postalCode: 'YO1 7HH', country: 'United Kingdom' }],
		});
	});

	test('the simplified record; a wrong check digit leaves the NHS number out', () => {
		const wrong = `${NHS.slice(0, 9)}${(Number(NHS[9]) + 1) % 10}`;
		const { resource } = converted(patientToFhir, {
			id: 'pat-2',
			firstName: 'Sam',
			phone: '07700 900456',
			phoneE164: '+447700900456',
			city: 'Leeds',
			postcode: 'LS1 4AP',
			nhsNumber: wrong,
			archived: true,
		});
		expect(resource.identifier).toEqual([{ system: SYSTEM, value: 'pat-2' }]);
		expect(resource).toMatchObject({
			active: false,
			name: [{ given: ['Sam'] }],
			telecom: [{ system: 'phone', value: '+447700900456' }],
			address: [{ city: 'Leeds', postalCode: 'LS1 4AP' }],
		});
	});

	test.each([
		['Male', 'male'],
		['f', 'female'],
		['Non-binary', 'other'],
		['Prefer not to say', 'unknown'],
		['', undefined],
	])('gender "%s" is %s', (gender, expected) => {
		expect(converted(patientToFhir, { id: 'p', gender }).resource.gender).toBe(expected);
	});

	test('every bad field is reported; nothing is made', () => {
		expect(converted(patientToFhir, { dob: '2999-01-01' })).toEqual({
			resource: undefined,
			problems: ['id must not be empty', 'dob is in the future'],
		});
	});
});

describe('Appointment', () => {
	const booking = {
		id: 'b-1',
		start: '2026-06-01T09:00:00.000Z',
		end: '2026-06-01T09:30:00.000Z',
		patientId: 'pat-1',
		doctor: { id: 'u-1', fullName: 'Priya Raman' },
		comments: 'knee pain, see notes',
		deleted: false,
		cancellationReason: null,
		bookingJourney: { arrived: null, consultation: null, departed: null, dna: null },
	};
	const journey = (stage: string) => ({ ...booking.bookingJourney, [stage]: '2026-06-01T09:00:00.000Z' });

	test('a full booking: practice-time instants, patient and practitioner, no comments', () => {
		const { resource } = converted(bookingToFhir, booking);
		expect(resource).toEqual({
			resourceType: 'Appointment',
			id: 'b-1',
			meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Appointment'] },
			identifier: [{ system: SYSTEM, value: 'b-1' }],
			status: 'booked',
			start: '2026-06-01T10:00:00+01:00',
			end: '2026-06-01T10:30:00+01:00',
			participant: [
				{ actor: { reference: 'Patient/pat-1' }, status: 'accepted' },
				{ actor: { reference: 'Practitioner/u-1', display: 'Priya Raman' }, status: 'accepted' },
			],
		});
	});

	test.each([
		[{ bookingJourney: journey('arrived') }, 'arrived'],
		[{ bookingJourney: journey('consultation') }, 'fulfilled'],
		[{ bookingJourney: journey('departed') }, 'fulfilled'],
		[{ bookingJourney: journey('dna') }, 'noshow'],
		[{ deleted: true, bookingJourney: journey('arrived'), cancellationReason: 'Patient unwell' }, 'cancelled'],
	])('journey %j → %s', (changes, status) => {
		const { resource } = converted(bookingToFhir, { ...booking, ...changes });
		expect(resource.status).toBe(status);
		expect(resource.cancelationReason).toEqual(status === 'cancelled' ? { text: 'Patient unwell' } : undefined);
	});

	test('a simplified booking: its derived status, the clinician, and a time without offset read as practice time', () => {
		const { resource } = converted(bookingToFhir, {
			id: 'b-2',
			status: 'no-show',
			start: '2026-01-10 09:00',
			end: '2026-01-10T09:20:00+00:00',
			patientId: 'pat-1',
			clinicianId: 'u-2',
			clinicianName: null,
			cancellationReason: 'not used unless cancelled',
		});
		expect(resource).toMatchObject({
			status: 'noshow',
			start: '2026-01-10T09:00:00+00:00',
			end: '2026-01-10T09:20:00+00:00',
		});
		expect(resource.participant[1]).toEqual({ actor: { reference: 'Practitioner/u-2' }, status: 'accepted' });
		expect(resource.cancelationReason).toBeUndefined();
	});
});

describe('Practitioner', () => {
	test('name, local identifier, work email; a deleted member of staff is not active', () => {
		const staff = { id: 'u-1', title: 'Dr', firstName: 'Priya', lastName: 'Raman', fullName: 'Priya Raman' };
		const { resource } = converted(staffToFhir, {
			...staff,
			email: 'priya@clinic.example',
			registration: 'GMC 7234567',
			deleted: true,
		});
		expect(resource).toEqual({
			resourceType: 'Practitioner',
			id: 'u-1',
			meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner'] },
			identifier: [{ system: SYSTEM, value: 'u-1' }],
			active: false,
			name: [{ text: 'Priya Raman', family: 'Raman', given: ['Priya'], prefix: ['Dr'] }],
			telecom: [{ system: 'email', value: 'priya@clinic.example', use: 'work' }],
		});
		expect(converted(staffToFhir, staff).resource.telecom).toBeUndefined();
	});
});

test.each([
	['https://fhir.yourclinic.example/Id/semble-patient', undefined],
	['urn:oid:1.2.826.0.1285.0.2.0.65', undefined],
	['semble-patient', 'must be an absolute URI, e.g. https://fhir.yourclinic.example/Id/semble-patient'],
	['https://has space', 'must be an absolute URI, e.g. https://fhir.yourclinic.example/Id/semble-patient'],
	['https://', 'is not a valid web address'],
	['http://[bad', 'is not a valid web address'],
])('Local Identifier System %s', (system, problem) => {
	expect(uriProblem(system)).toBe(problem);
});
