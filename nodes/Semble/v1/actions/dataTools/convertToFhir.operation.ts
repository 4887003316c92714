import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bookingToFhir } from './fhir/appointment';
import { patientToFhir } from './fhir/patient';
import { staffToFhir } from './fhir/practitioner';
import type { FhirResource, Report, SembleRecord } from './fhir/resources';
import { inputValidator } from '../../../shared/validation';
import { itemParameter, nodeOf } from '../common/itemParameters';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Convert to FHIR',
	description: 'Turn a Semble patient, booking or staff member into a FHIR R4 resource shaped to UK Core',
	action: 'Convert a patient, booking or staff member to a FHIR R4 resource (UK Core-shaped)',
};

const EXAMPLE_SYSTEM = 'https://fhir.yourclinic.example/Id/semble-patient';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Makes a FHIR R4 resource from a Semble record without contacting Semble: a patient becomes a UK Core Patient, a booking an Appointment, a member of staff a Practitioner. UK Core-shaped, not NHS-assured. An NHS number goes in only when its check digit is right, marked "not traced". Booking comments are never copied.',
		name: 'convertToFhirNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		options: [
			{ name: 'Booking', value: 'booking', description: 'A UK Core Appointment' },
			{ name: 'Patient', value: 'patient', description: 'A UK Core Patient' },
			{ name: 'Staff', value: 'staff', description: 'A UK Core Practitioner' },
		],
		default: 'patient',
		description: 'What the record is',
	},
	{
		displayName: 'Record',
		name: 'record',
		type: 'json',
		default: '={{ $json }}',
		description:
			'The Semble record to convert. By default the incoming item: a patient, booking or staff member from Get or Get Many, simplified or not.',
	},
	{
		displayName: 'Local Identifier System',
		name: 'localIdentifierSystem',
		type: 'string',
		required: true,
		default: '',
		placeholder: EXAMPLE_SYSTEM,
		description:
			'An absolute URI your clinic owns, naming where these IDs come from: the Semble ID goes in "identifier" under it. Use one per record type.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Resource per Item', value: 'resource' },
			{
				name: 'One Bundle per Run',
				value: 'bundle',
				description:
					'A Bundle of type "collection" holding every resource: a set to store or send on, with no instruction to a server to write it',
			},
		],
		default: 'resource',
		description:
			'One resource per item, or one Bundle of type "collection" holding all of them (items that fail under Continue On Fail follow it)',
	},
];

type RecordType = 'patient' | 'booking' | 'staff';
const CONVERTERS: Record<
	RecordType,
	(record: SembleRecord, system: string, report: Report) => FhirResource | undefined
> = {
	patient: patientToFhir,
	booking: bookingToFhir,
	staff: staffToFhir,
};

/** Systems checked so far this process: the parameter is usually the same for every item. */
const systemProblems = new Map<string, string | undefined>();

/** Why a Local Identifier System is not an absolute URI (e.g. https://… or urn:oid:…), or undefined. */
export function uriProblem(system: string): string | undefined {
	if (systemProblems.has(system)) return systemProblems.get(system);
	let problem: string | undefined;
	if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(system)) problem = `must be an absolute URI, e.g. ${EXAMPLE_SYSTEM}`;
	else if (/^https?:/i.test(system) && !URL.canParse(system)) problem = 'is not a valid web address';
	if (systemProblems.size < 100) systemProblems.set(system, problem);
	return problem;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const recordType = itemParameter<RecordType>(this, 'recordType', i);
	const convert = CONVERTERS[recordType];
	if (!convert)
		throw new NodeOperationError(nodeOf(this), `Invalid "Record Type" in item ${i}: use patient, booking or staff`, {
			itemIndex: i,
		});
	const system = String(itemParameter(this, 'localIdentifierSystem', i, '')).trim();
	const problem = uriProblem(system);
	if (problem) input.problem('Local Identifier System', problem);
	const record = input.jsonObject('Record', itemParameter(this, 'record', i));
	// Every bad field is noted (the router then fails the item naming them all); nothing is made.
	const resource = record && convert(record, system, (field, reason) => input.problem(field, reason));
	return resource ? [{ json: resource as unknown as IDataObject, pairedItem: { item: i } }] : [];
}

/** One Bundle per Run: the converted items become the entries of one collection Bundle. */
export function combine(this: IExecuteFunctions, converted: INodeExecutionData[]): INodeExecutionData[] | undefined {
	if (this.getNodeParameter('output', 0) !== 'bundle') return undefined;
	if (converted.length === 0) return [];
	const bundle = {
		resourceType: 'Bundle',
		type: 'collection',
		entry: converted.map(({ json }) => ({ resource: json })),
	};
	return [{ json: bundle, pairedItem: converted.map(({ pairedItem }) => pairedItem as IPairedItemData) }];
}
