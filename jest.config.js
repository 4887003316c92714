/**
 * Four suites: `unit` (node code through n8n's engine in-process, the sandbox, schema
 * checks), `real-n8n` (the release path in a real n8n server), `real-n8n-queue` (the same
 * n8n in queue mode) and `bench` (performance, never part of the timed tests). n8n-core and n8n-nodes-base require a few ES-module-only
 * packages; jest's module system cannot load those, so babel turns them into CommonJS.
 */
const esmOnly = ['change-case', 'htmlparser2', 'domhandler', 'domutils', 'domelementtype', 'dom-serializer', 'entities', 'p-retry', 'is-network-error'];

const common = {
	testEnvironment: 'node',
	setupFiles: ['<rootDir>/test/setupEnv.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/harness/freshTransport.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
		'^.+\\.m?js$': [
			'babel-jest',
			{
				babelrc: false,
				configFile: false,
				plugins: ['@babel/plugin-transform-export-namespace-from', '@babel/plugin-transform-modules-commonjs'],
			},
		],
	},
	// Also nested copies (e.g. sanitize-html's own htmlparser2, loaded by the Gmail node).
	transformIgnorePatterns: [`/node_modules/(?!(?:.*/node_modules/)?(?:${esmOnly.join('|')})/)`],
	moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
	// Workflows run through n8n's engine; the first in a file loads n8n's nodes. On a busy
	// 2-core machine that can take far longer than jest's 5 s default. Timing is never a
	// test assertion here (bench/ measures speed).
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/realN8n/'],
		},
		{
			...common,
			displayName: 'real-n8n',
			testMatch: ['<rootDir>/test/realN8n/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/realN8n/queue/'],
			globalSetup: '<rootDir>/test/realN8n/globalSetup.ts',
			globalTeardown: '<rootDir>/test/realN8n/globalTeardown.ts',
		},
		{
			// n8n's queue mode (Postgres, Redis, main and two workers): the release path's running
			// parts again, plus what only queue mode has (test/realN8n/queue/).
			...common,
			displayName: 'real-n8n-queue',
			testMatch: [
				'<rootDir>/test/realN8n/{templates,resources,pollingTrigger,webhookTrigger,deadLetters}.test.ts',
				'<rootDir>/test/realN8n/queue/**/*.test.ts',
			],
			globalSetup: '<rootDir>/test/realN8n/queue/globalSetup.ts',
			globalTeardown: '<rootDir>/test/realN8n/globalTeardown.ts',
		},
		{
			...common,
			displayName: 'bench',
			testMatch: ['<rootDir>/bench/**/*.bench.ts'],
		},
	],
};
