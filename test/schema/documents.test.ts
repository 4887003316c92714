/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import { buildSchema, parse, validate } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

import type { Mutation } from '../../nodes/Semble/v1/actions/mutation';
import { mutationDocument } from '../../nodes/Semble/v1/actions/mutation';

/**
 * Every GraphQL document the package sends is validated against Semble's documented schema
 * (docs/semble-api/schema.graphql). Documents are found two ways so none can slip through:
 * the exported string constants of every shipped module, and a syntax-tree scan that
 * requires every gql`…` document to be such an exported constant.
 */

const root = path.resolve(__dirname, '../..');
const schema = buildSchema(readFileSync(path.join(root, 'docs/semble-api/schema.graphql'), 'utf8'));
const OPERATION = /^\s*(query|mutation|subscription)\b/m;

function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(relative);
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

const shippedFiles = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

function exportedDocuments(): Array<{ name: string; document: string }> {
	return shippedFiles.flatMap((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(path.join(root, file)) as Record<string, unknown>;
		return Object.entries(module)
			.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && OPERATION.test(entry[1]))
			.map(([name, document]) => ({ name: `${file}#${name}`, document }));
	});
}

function gqlTemplatesNotExported(): string[] {
	return shippedFiles.flatMap((file) => {
		const text = readFileSync(path.join(root, file), 'utf8');
		const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
		const problems: string[] = [];
		const visit = (node: ts.Node) => {
			if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'gql') {
				const declaration = node.parent;
				const statement = declaration?.parent?.parent;
				const exported =
					ts.isVariableDeclaration(declaration) &&
					statement !== undefined &&
					ts.isVariableStatement(statement) &&
					statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
				if (!exported) problems.push(`${file}:${source.getLineAndCharacterOfPosition(node.pos).line + 1}`);
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
		return problems;
	});
}

const errorsOf = (document: string) => validate(schema, parse(document)).map((error) => error.message);

test('every gql document is an exported constant (so this suite sees it)', () => {
	expect(gqlTemplatesNotExported()).toEqual([]);
});

test('the package has documents to check', () => {
	const names = exportedDocuments().map((d) => d.name);
	expect(names).toEqual(expect.arrayContaining([
		'credentials/shared.ts#CREDENTIAL_TEST_QUERY',
		'credentials/SembleSignInApi.credentials.ts#SIGN_IN_MUTATION',
		'nodes/Semble/v1/actions/booking/get.operation.ts#GET_BOOKING',
		'nodes/Semble/v1/actions/availability/getSlots.operation.ts#GET_AVAILABILITY_SLOTS',
	]));
});

describe('each document is valid against the Semble schema', () => {
	test.each(exportedDocuments().map((d) => [d.name, d.document]))('%s', (_name, document) => {
		expect(errorsOf(document)).toEqual([]);
	});
});

/** Writes declared once (v1/actions/mutation.ts): their documents are generated, one item or many. */
function mutations(): Array<[string, Mutation]> {
	return shippedFiles.flatMap((file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { mutation } = require(path.join(root, file)) as { mutation?: Mutation };
		return mutation?.field ? [[file, mutation] as [string, Mutation]] : [];
	});
}

test('declared writes are there to check', () => {
	expect(mutations().map(([, mutation]) => mutation.field)).toEqual(expect.arrayContaining(['createPatient', 'updatePatient', 'createOutOfOfficeBooking']));
});

describe('each declared write, sent for one item and for three, is valid against the Semble schema', () => {
	test.each(mutations())('%s', (_file, mutation) => {
		expect(errorsOf(mutationDocument(mutation, [{}]).document)).toEqual([]);
		expect(errorsOf(mutationDocument(mutation, [{}, {}, {}]).document)).toEqual([]);
	});
});

test('the check catches what Semble would reject (negative control)', () => {
	// Booking has no `status` field and updateBooking no longer takes `patient` (NOTES.md §9).
	expect(errorsOf('query { booking(id: "1") { id status } }')).not.toEqual([]);
	expect(
		errorsOf('mutation { updateBooking(id: "1", bookingData: { patient: "2" }) { error } }'),
	).not.toEqual([]);
});
