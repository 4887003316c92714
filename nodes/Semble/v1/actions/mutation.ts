import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { GraphQLErrorEntry, SembleFailure } from '../../transport/errors';
import { failureFromGraphQLErrors, toNodeApiError } from '../../transport/errors';
import { sembleBatchRequest } from '../../transport';
import { collection } from '../../shared/collections';

/**
 * A Semble write, declared once: its field, arguments, selection, input preparation and
 * output. Every run sends it as aliased fields, a batch of one item or of many:
 *
 *   mutation SembleBatch($v0_id: ID!, $v0_patientData: UpdatePatientDataInput!, $v1_id: …) {
 *     item0: updatePatient(id: $v0_id, patientData: $v0_patientData) { data { …Fields } error }
 *     item1: updatePatient(…) { … }
 *   }
 *
 * Each alias succeeds or fails on its own (its payload `error`, or a GraphQL error whose path
 * starts with the alias), so every item gets its own result, the same whichever batch it is in.
 */
export interface Mutation<S extends z.ZodTypeAny = z.ZodTypeAny> {
	/** The root mutation field, e.g. `updatePatient`. */
	field: string;
	/** Its arguments and their GraphQL types, e.g. { id: 'ID!' }. */
	args: Record<string, string>;
	/** What each alias selects, e.g. `data { ...PatientFields } error`. */
	selection: string;
	/** Fragment definitions the selection uses. */
	fragments?: string;
	/** The shape of one alias's `data`. */
	schema: S;
	/** Validates item `i` and returns its argument values (and anything its output needs); throws the item's input error. */
	prepare: (this: IExecuteFunctions, i: number) => MutationCall | Promise<MutationCall>;
	/** Many items go several to a request (Options › Batch Size); otherwise one per request. */
	batchable?: boolean;
	/** The item's output from the alias's `data` (default: the data as Semble returned it). */
	output?: (data: z.infer<S> | null, call: MutationCall) => IDataObject;
	/** The write makes a new record, so sending it twice would make two. */
	creates?: boolean;
	/** A second write some items need after this one, e.g. a patient's NHS number. */
	secondStep?: SecondStep;
}

/**
 * A write Semble cannot take in the same mutation, made right after it for the same item.
 * `run` gets the first write's output (or, when a retry finds the record already made, just
 * its `{ id }`) and answers the item's output; undefined when the item needs no second step.
 */
export interface SecondStep {
	/** For messages: the record the first write saves ("patient") and what this one adds ("NHS number"). */
	record: string;
	what: string;
	/** What the user can do when it fails, e.g. "Add it with Patient › Add Number." */
	remedy: string;
	/** The key of the item's arguments that holds this step's input, e.g. `nhsNumber`; the step is needed when it is set. */
	input: string;
	run: (this: IExecuteFunctions, first: IDataObject, call: MutationCall, itemIndex: number) => Promise<IDataObject>;
}

/** One item's argument values, by argument name. */
export type MutationCall = Record<string, unknown>;

/** A record type as writes select it: its fragment and the zod schema of what comes back. */
export interface WrittenRecord<S extends z.ZodTypeAny = z.ZodTypeAny> {
	fragment: string;
	schema: S;
}

/** A write that answers with one record (`data { ...RecordFields } error`), as most do. */
export function recordWrite<S extends z.ZodTypeAny>(
	field: string,
	args: Record<string, string>,
	record: WrittenRecord<S>,
	how: Pick<Mutation<S>, 'prepare' | 'output' | 'batchable' | 'creates' | 'secondStep'>,
): Mutation {
	const fragmentName = /fragment (\w+) on/.exec(record.fragment)?.[1];
	return {
		field,
		args,
		selection: `data { ...${fragmentName} } error`,
		fragments: record.fragment,
		schema: record.schema,
		...how,
	};
}

const aliasOf = (index: number) => `item${index}`;

/** The document for `calls` (one or many) and its variables. */
export function mutationDocument(mutation: Mutation, calls: MutationCall[]) {
	const definitions: string[] = [];
	const variables: Record<string, unknown> = {};
	const fields = calls.map((call, index) => {
		const args = Object.entries(mutation.args).map(([name, type]) => {
			const variable = `v${index}_${name}`;
			definitions.push(`$${variable}: ${type}`);
			variables[variable] = call[name];
			return `${name}: $${variable}`;
		});
		return `${aliasOf(index)}: ${mutation.field}(${args.join(', ')}) { ${mutation.selection} }`;
	});
	// Named after the field for one item (UpdatePatient), SembleBatch for several.
	const name = calls.length === 1 ? mutation.field[0].toUpperCase() + mutation.field.slice(1) : 'SembleBatch';
	const document = `mutation ${name}(${definitions.join(', ')}) {\n${fields.join('\n')}\n}\n${mutation.fragments ?? ''}`;
	return { document, variables };
}

export type AliasOutcome = { ok: true; data: IDataObject | null } | { ok: false; failure: SembleFailure };

/** What happened to alias `index`: its data, or Semble's reason for refusing it. */
export function aliasOutcome(
	data: Record<string, unknown> | null,
	errors: GraphQLErrorEntry[],
	mutation: Pick<Mutation, 'field'>,
	index: number,
): AliasOutcome {
	const alias = aliasOf(index);
	const aliasErrors = errors.filter((entry) => entry.path?.[0] === alias);
	// Reported as if the field had been sent alone: a permission error names the permission.
	if (aliasErrors.length)
		return { ok: false, failure: failureFromGraphQLErrors(aliasErrors.map(asField(mutation.field))) };
	const payload = data?.[alias] as { data?: IDataObject | null; error?: string | null } | null | undefined;
	if (payload?.error) return { ok: false, failure: { summary: `Semble refused ${mutation.field}: ${payload.error}` } };
	return { ok: true, data: payload?.data ?? null };
}

const asField = (field: string) => (entry: GraphQLErrorEntry) =>
	entry.path ? { ...entry, path: [field, ...entry.path.slice(1)] } : entry;

const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: 10,
	description:
		'How many items to send to Semble in one request (several mutations in one GraphQL document). Saves requests on bulk jobs; each item still gets its own result. 1 sends items one by one. If Semble refuses a batch as a whole, the node falls back to one item per request.',
};

/** The Options collection of a batchable write. */
export const batchOptions: INodeProperties = collection('options', [batchSizeOption]);

/** The node's batch size, read once from the first item (1 = one item per request). */
export function batchSizeOf(context: IExecuteFunctions, mutation: Mutation): number {
	if (!mutation.batchable) return 1;
	const size = context.getNodeParameter('options.batchSize', 0, 1) as number;
	if (!Number.isInteger(size) || size < 1) {
		throw new NodeOperationError(context.getNode(), 'Invalid "Batch Size": must be a whole number, 1 or more');
	}
	return size;
}

/** What each alias answers: `{ data, error }`, Semble's envelope for every mutation. */
export function answerSchema(mutation: Mutation) {
	const payload = z.object({ data: mutation.schema.nullable(), error: z.string().nullish() }).nullable();
	return z.record(payload).nullable();
}

/** Sends `calls` as one request; each alias is then settled with aliasOutcome. */
export async function sendWrites(context: IExecuteFunctions, mutation: Mutation, calls: MutationCall[], itemIndex?: number) {
	const { document, variables } = mutationDocument(mutation, calls);
	return await sembleBatchRequest.call(context, { document, variables, kind: 'write', schema: answerSchema(mutation), itemIndex });
}

/** One write for one item, as a second step sends it: its output, or Semble's reason thrown. */
export async function writeOne(context: IExecuteFunctions, mutation: Mutation, call: MutationCall, itemIndex: number) {
	const answer = await sendWrites(context, mutation, [call], itemIndex);
	const outcome: AliasOutcome =
		answer.data === null
			? { ok: false, failure: failureFromGraphQLErrors(answer.errors) }
			: aliasOutcome(answer.data, answer.errors, mutation, 0);
	if (!outcome.ok) throw toNodeApiError(context.getNode(), outcome.failure, itemIndex);
	return mutation.output ? mutation.output(outcome.data, call) : (outcome.data ?? {});
}
