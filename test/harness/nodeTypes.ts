/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { execFileSync } from 'node:child_process';
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

function loadClass<T>(known: Known, name: string, dir = baseDir): T {
	const entry = known[name];
	if (!entry) throw new Error(`Unknown type ${name}`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(path.join(dir, entry.sourcePath)) as Record<string, new () => T>;
	return new module[entry.className]();
}

/**
 * n8n's AI nodes are not a dependency of this package: they load from the n8n install the
 * real-n8n stage uses (scripts/n8nInstall), only for a workflow that has one.
 */
const AI_PACKAGE = '@n8n/n8n-nodes-langchain';
function aiNodeType(name: string): INodeType | IVersionedNodeType {
	const root = aiNodesRoot();
	// That install's sqlite3 binding is built for n8n's Node 24 and crashes the Node 20 tests run
	// on; only the Agent's SQL agent loads it, which no template uses.
	jest.doMock(path.join(root, 'sqlite3/lib/sqlite3.js'), () => ({}));
	const dir = path.join(root, AI_PACKAGE);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return loadClass(require(path.join(dir, 'dist/known/nodes.json')) as Known, name, dir);
}

/**
 * The cached n8n 2.41.1 install that the real-n8n stages use: scripts/install-real-n8n.sh
 * reuses it, or installs it first on a fresh machine (minutes, once), and prints where it is.
 */
function aiNodesRoot(): string {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling: the same installer the real-n8n stages run
	const install = execFileSync('bash', [path.join(__dirname, '../../scripts/install-real-n8n.sh'), '2.41.1'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim();
	return path.join(install, 'node_modules');
}

const nodeCache = new Map<string, INodeType | IVersionedNodeType>();

function nodeTypeByName(type: string): INodeType | IVersionedNodeType {
	const cached = nodeCache.get(type);
	if (cached) return cached;
	let instance: INodeType | IVersionedNodeType;
	if (ourNodes[type]) instance = ourNodes[type]();
	else if (type.startsWith('n8n-nodes-base.')) instance = loadClass(knownNodes, type.slice('n8n-nodes-base.'.length));
	else if (type.startsWith(`${AI_PACKAGE}.`)) instance = aiNodeType(type.slice(AI_PACKAGE.length + 1));
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
