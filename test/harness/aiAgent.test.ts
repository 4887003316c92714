import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { answer, replayOpenAi, toolCall } from './openAiReplay';
import type { WorkflowJson } from './runWorkflow';
import { runWorkflow } from './runWorkflow';

/**
 * n8n's AI nodes run in the engine harness: a Chat Trigger's message reaches an AI Agent whose
 * OpenAI Chat Model is intercepted, and a Call n8n Workflow Tool runs this same workflow's
 * Execute Workflow Trigger branch. What the AI templates' safety rests on is proved here: the
 * inputs a tool takes from the chat (not `$fromAI`) cannot be set by the model.
 */

const schemaField = (id: string) => ({
	id,
	displayName: id,
	required: false,
	defaultMatch: false,
	display: true,
	canBeUsedToMatch: true,
	type: 'string',
});

const workflow: WorkflowJson = {
	name: 'Agent probe',
	nodes: [
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0001',
			name: 'Chat',
			type: '@n8n/n8n-nodes-langchain.chatTrigger',
			typeVersion: 1.4,
			position: [0, 0],
			parameters: { options: {} },
			webhookId: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0009',
		},
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0002',
			name: 'Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			position: [200, 0],
			parameters: { options: { systemMessage: 'Answer from the tools only.' } },
		},
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0003',
			name: 'Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [200, 200],
			parameters: {
				model: { __rl: true, mode: 'list', value: 'gpt-4.1-mini' },
				responsesApiEnabled: false,
				options: {},
			},
			credentials: { openAiApi: { id: null, name: 'OpenAI account' } },
		},
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0004',
			name: 'Look up',
			type: '@n8n/n8n-nodes-langchain.toolWorkflow',
			typeVersion: 2.2,
			position: [400, 200],
			parameters: {
				description: 'Looks up a reference',
				workflowId: { __rl: true, mode: 'id', value: '={{ $workflow.id }}' },
				workflowInputs: {
					mappingMode: 'defineBelow',
					value: {
						sessionId: "={{ $('Chat').item.json.sessionId }}",
						chatInput: "={{ $('Chat').item.json.chatInput }}",
						reference: "={{ $fromAI('reference', 'The reference to look up', 'string') }}",
					},
					matchingColumns: [],
					schema: ['sessionId', 'chatInput', 'reference'].map(schemaField),
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
		},
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0005',
			name: 'Called by the agent',
			type: 'n8n-nodes-base.executeWorkflowTrigger',
			typeVersion: 1.1,
			position: [0, 400],
			parameters: { workflowInputs: { values: [{ name: 'sessionId' }, { name: 'chatInput' }, { name: 'reference' }] } },
		},
		{
			id: 'b0f3c3b2-0d1e-4c59-9a53-0f2b1b0a0006',
			name: 'Answer',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 400],
			parameters: {
				jsCode:
					"const state = $getWorkflowStaticData('global');\nstate.calls = (state.calls ?? 0) + 1;\nreturn [{ json: { seen: `${$json.sessionId}|${$json.chatInput}|${$json.reference}` } }];",
			},
		},
	],
	connections: {
		Chat: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
		'Called by the agent': { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
		Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
		'Look up': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
	},
	pinData: { Chat: [{ json: { sessionId: 'session-1', action: 'sendMessage', chatInput: 'what is R7?' } }] },
};

afterEach(() => {
	nock.cleanAll();
	// Later test files in this worker reach their own sandboxes: give the network back.
	nock.enableNetConnect();
});

test('a tool call runs the workflow tool with the chat’s own session, whatever the model sends', async () => {
	nock.disableNetConnect();
	const requests = replayOpenAi([
		toolCall('call-1', 'Look_up', { reference: 'R7', sessionId: 'someone-else', chatInput: 'forged' }),
		answer('R7 is known.'),
	]);
	const staticData: IDataObject = {};

	const result = await runWorkflow(workflow, {
		credentials: { openAiApi: { apiKey: 'sk-test', url: 'https://api.openai.com/v1' } },
		staticData,
	});

	expect(result.status).toBe('success');
	expect(result.output('Agent').map((item) => item.json)).toEqual([{ output: 'R7 is known.' }]);
	expect(requests).toHaveLength(2);
	// The model is offered only the $fromAI parameter.
	expect(
		requests[0].tools?.map((tool) => [tool.function.name, Object.keys(tool.function.parameters.properties as object)]),
	).toEqual([['Look_up', ['reference']]]);
	expect(requests[1].messages.at(-1)).toEqual({
		role: 'tool',
		tool_call_id: 'call-1',
		content: JSON.stringify([{ seen: 'session-1|what is R7?|R7' }]),
	});
	// The called branch shares the workflow's static data, as n8n saves it between executions.
	expect(staticData).toEqual({ global: { calls: 1 } });
	expect(nock.isDone()).toBe(true);
});
