/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import path from 'node:path';

import { SembleApi } from '../../credentials/SembleApi.credentials';
import { SembleSignInApi } from '../../credentials/SembleSignInApi.credentials';
import { Semble } from '../../nodes/Semble/Semble.node';
import { SembleTrigger } from '../../nodes/Semble/SembleTrigger.node';
import { SembleWebhookTrigger } from '../../nodes/Semble/SembleWebhookTrigger.node';

/**
 * Node and credential types as n8n resolves them: our package's (from source, named
 * `n8n-nodes-semble.<name>` like an installed community package) and n8n-nodes-base's,
 * loaded on demand from its `known` manifests.
 */

const PACKAGE = 'n8n-nodes-semble';
const baseDir = path.dirname(require.resolve('n8n-nodes-base/package.json'));

type Known = Record<string, { className: string; sourcePath: string }>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const knownNodes = require(path.join(baseDir, 'dist/known/nodes.json')) as Known;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const knownCredentials = require(path.join(baseDir, 'dist/known/credentials.json')) as Known;

const ourNodes: Record<string, () => INodeType | IVersionedNodeType> = {
	[`${PACKAGE}.semble`]: () => new Semble(),
	[`${PACKAGE}.sembleTrigger`]: () => new SembleTrigger(),
	[`${PACKAGE}.sembleWebhookTrigger`]: () => new SembleWebhookTrigger(),
};

const ourCredentials: Record<string, () => ICredentialType> = {
	sembleApi: () => new SembleApi(),
	sembleSignInApi: () => new SembleSignInApi(),
};

function loadClass<T>(known: Known, name: string): T {
	const entry = known[name];
	if (!entry) throw new Error(`Unknown type ${name}`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path.join(baseDir, entry.sourcePath)) as Record<string, new () => T>;
	return new module[entry.className]();
}

const nodeCache = new Map<string, INodeType | IVersionedNodeType>();

function nodeTypeByName(type: string): INodeType | IVersionedNodeType {
	const cached = nodeCache.get(type);
	if (cached) return cached;
	let instance: INodeType | IVersionedNodeType;
	if (ourNodes[type]) instance = ourNodes[type]();
	else if (type.startsWith('n8n-nodes-base.')) instance = loadClass(knownNodes, type.slice('n8n-nodes-base.'.length));
	else throw new Error(`Unrecognized node type: ${type}`);
	nodeCache.set(type, instance);
	return instance;
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeByName(type),
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypeByName(type), version),
	getKnownTypes: () => ({}),
};

const credentialCache = new Map<string, ICredentialType>();

export function credentialType(name: string): ICredentialType {
	let instance = credentialCache.get(name);
	if (!instance) {
		instance = ourCredentials[name] ? ourCredentials[name]() : loadClass<ICredentialType>(knownCredentials, name);
		credentialCache.set(name, instance);
	}
	return instance;
}
