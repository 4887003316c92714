import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { gql } from '../../../shared/gql';
import { fetchPages } from '../../../shared/pagination';
import { inputValidator } from '../../../shared/validation';
import type { OperationOption } from '../operation';

/** Only what matching needs: the check runs before a create, often on every new lead. */
export const FIND_DUPLICATE_CANDIDATES = gql`
	query FindDuplicateCandidates($search: String, $pagination: Pagination) {
		patients(search: $search, pagination: $pagination) {
			data { id firstName lastName fullName dob email numbers { name value } }
			pageInfo { hasMore }
		}
	}
`;

const candidateSchema = z.object({
	id: z.string(),
	firstName: z.string().nullish(),
	lastName: z.string().nullish(),
	fullName: z.string().nullish(),
	dob: z.string().nullish(),
	email: z.string().nullish(),
	numbers: z.array(z.object({ name: z.string().nullish(), value: z.string().nullish() }).nullable()).nullish(),
});
type Candidate = z.infer<typeof candidateSchema>;

export const option: OperationOption = {
	name: 'Find Duplicates',
	description: 'Check for an existing patient by NHS number, email, or name and date of birth',
	action: 'Check whether a patient already exists by NHS number, email, or name and date of birth',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Checks a would-be patient against Semble by NHS number, email, or name and date of birth. Give any of them.',
		name: 'findDuplicatesNotice',
		type: 'notice',
		default: '',
	},
	{ displayName: 'NHS Number', name: 'nhsNumber', type: 'string', default: '' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@example.com', default: '' },
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{
		displayName: 'Date of Birth',
		name: 'dob',
		type: 'dateTime',
		default: '',
		description: 'Pick it, or type 1985-04-23 or 23/04/1985',
	},
	{
		displayName: 'Search All Patients for the NHS Number',
		name: 'scanAllForNhsNumber',
		type: 'boolean',
		default: false,
		description:
			'Whether to read every patient to find the NHS number (Semble cannot search by it): one request per 100 patients. Off: the NHS number is compared with the patients found by email or name and date of birth.',
	},
];

const normalise = (text: string | null | undefined) =>
	(text ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const input = inputValidator(this, i);
	const value = (name: string) => String(this.getNodeParameter(name, i, '') ?? '').trim();
	const nhs = value('nhsNumber') ? input.nhsNumber('NHS Number', value('nhsNumber')) : undefined;
	const email = value('email') ? input.email('Email', value('email')) : undefined;
	const dob = value('dob') ? input.dateOfBirth('Date of Birth', value('dob')) : undefined;
	const first = normalise(value('firstName'));
	const last = normalise(value('lastName'));
	const byName = Boolean(dob && first && last);
	const scanAll = Boolean(nhs && this.getNodeParameter('scanAllForNhsNumber', i, false));
	if (!email && !byName && !scanAll) {
		throw new NodeOperationError(
			this.getNode(),
			`Nothing to check in item ${i}: give an email, or first name + last name + date of birth, or an NHS number with "Search All Patients" on`,
			{ itemIndex: i },
		);
	}

	const candidates = new Map<string, Candidate>();
	const search = async (term: string | undefined) => {
		const found = await fetchPages(this, {
			document: FIND_DUPLICATE_CANDIDATES,
			variables: { search: term },
			field: 'patients',
			item: candidateSchema,
			itemIndex: i,
		});
		for (const candidate of found) candidates.set(candidate.id, candidate);
	};
	if (scanAll) await search(undefined);
	else {
		if (email) await search(email);
		if (byName) await search(dob);
	}

	const matches = [...candidates.values()]
		.map((candidate) => {
			const matchedOn: string[] = [];
			if (nhs && candidate.numbers?.some((n) => (n?.value ?? '').replace(/[\s-]/g, '') === nhs)) matchedOn.push('nhsNumber');
			if (email && normalise(candidate.email) === email) matchedOn.push('email');
			if (byName && candidate.dob === dob && normalise(candidate.firstName) === first && normalise(candidate.lastName) === last) {
				matchedOn.push('nameAndDob');
			}
			return { patientId: candidate.id, fullName: candidate.fullName, dob: candidate.dob, email: candidate.email, matchedOn };
		})
		.filter((match) => match.matchedOn.length > 0);
	return [{ json: { hasDuplicates: matches.length > 0, matches }, pairedItem: { item: i } }];
}
