/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: test code runs in plain Node, not inside n8n */
import { DateTime, Duration, Interval } from 'luxon';
import type { IDataObject, INodeExecutionData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { WorkflowDataProxy } from 'n8n-workflow';
import { createContext, runInContext } from 'node:vm';

/**
 * n8n 2 runs every Code node in a task runner (n8n-nodes-base JsTaskRunnerSandbox calls
 * `startJob`, which n8n's server hands to its runner). The engine harness has no runner, so
 * this is one in-process: like @n8n/task-runner's JsTaskRunner it gives the code n8n's data
 * proxy ($input, $json, $('Node'), $now …), `$getWorkflowStaticData` and luxon, and runs it
 * in a fresh VM context. The Code node validates and normalises what it returns, as in n8n.
 */

interface JobSettings {
	code: string;
	continueOnFail?: boolean;
	nodeMode: 'runOnceForAllItems' | 'runOnceForEachItem';
	chunk?: { startIndex: number; count: number };
}

type StartRunnerTask = IWorkflowExecuteAdditionalData['startRunnerTask'];

export const startRunnerTask: StartRunnerTask = async function (
	additionalData,
	_jobType,
	settings,
	_executeFunctions,
	_inputData,
	node,
	workflow,
	runExecutionData,
	runIndex,
	_itemIndex,
	activeNodeName,
	connectionInputData,
	siblingParameters,
	mode,
	envProviderState,
	executeData,
) {
	const { code, nodeMode, chunk, continueOnFail } = settings as JobSettings;
	const context = (itemIndex: number) => {
		const proxy = new WorkflowDataProxy(
			workflow,
			runExecutionData,
			runIndex,
			itemIndex,
			activeNodeName,
			connectionInputData,
			siblingParameters,
			mode,
			{ $execution: { id: additionalData.executionId ?? 'test', mode: 'test', resumeUrl: '', resumeFormUrl: '' } },
			executeData,
			undefined,
			undefined,
			undefined,
			envProviderState,
		).getDataProxy();
		return createContext({
			...proxy,
			items: connectionInputData,
			$getWorkflowStaticData: (type: 'global' | 'node') => workflow.getStaticData(type, node),
			DateTime,
			Duration,
			Interval,
			console: { log: () => {} },
		});
	};
	const run = async (itemIndex: number) =>
		(await runInContext(`(async function () {\n${code}\n})()`, context(itemIndex))) as unknown;
	try {
		// As n8n's runner: returning nothing (null or undefined) is no items.
		if (nodeMode === 'runOnceForAllItems') return { ok: true, result: (await run(0)) ?? [] } as never;
		const start = chunk?.startIndex ?? 0;
		const end = start + (chunk?.count ?? connectionInputData.length);
		const results: INodeExecutionData[] = [];
		for (let index = start; index < end; index++) {
			const returned = (await run(index)) as IDataObject | INodeExecutionData | null | undefined;
			if (returned === undefined || returned === null) continue;
			const item = 'json' in returned ? (returned as INodeExecutionData) : { json: returned as IDataObject };
			results.push({ ...item, pairedItem: { item: index } });
		}
		return { ok: true, result: results } as never;
	} catch (error) {
		const { message, stack } = error as Error;
		// Continue On Fail: n8n's runner answers one item carrying the error instead of failing.
		if (continueOnFail) return { ok: true, result: [{ json: { error: message } }] } as never;
		return { ok: false, error: { message, stack } } as never;
	}
};
