/**
 * Build for the published package: every node and credential file becomes one CommonJS
 * bundle in dist/ with its runtime imports (zod, luxon, our shared code) inlined, so the
 * package ships zero runtime dependencies. n8n-workflow stays external: n8n provides it.
 */
const { src, dest, series, parallel } = require('gulp');
const esbuild = require('esbuild');
const fs = require('node:fs');

/** The files package.json registers with n8n, mapped back to their sources. */
const entryPoints = () => {
	const { n8n } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
	return [...n8n.nodes, ...n8n.credentials].map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
};

async function clean() {
	fs.rmSync('dist', { recursive: true, force: true });
}

async function bundlePackage() {
	await esbuild.build({
		entryPoints: entryPoints(),
		outdir: 'dist',
		outbase: '.',
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		sourcemap: false,
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.build = series(clean, parallel(bundlePackage, copyAssets));
exports.default = exports.build;
