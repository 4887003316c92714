import nock from 'nock';

/**
 * The OpenAI Chat Completions API as an AI Agent's OpenAI Chat Model calls it, answering a
 * scripted sequence of assistant messages (tool calls, then answers) and recording every
 * request body: what a test asserts the model was (and was not) shown.
 */

export type AssistantMessage = Record<string, unknown>;

export interface OpenAiRequest {
	model: string;
	messages: Array<Record<string, unknown>>;
	tools?: Array<{ type: string; function: { name: string; description: string; parameters: Record<string, unknown> } }>;
}

/** The model asks to run one tool with these arguments. */
export const toolCall = (id: string, name: string, args: Record<string, unknown>): AssistantMessage => ({
	role: 'assistant',
	content: null,
	tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});

/** The model answers the user. */
export const answer = (content: string): AssistantMessage => ({ role: 'assistant', content });

/** Intercepts one POST /v1/chat/completions per scripted message, in order; returns the recorded bodies. */
export function replayOpenAi(script: AssistantMessage[]): OpenAiRequest[] {
	const requests: OpenAiRequest[] = [];
	const scope = nock('https://api.openai.com');
	for (const message of script) {
		scope
			.post('/v1/chat/completions', (body: OpenAiRequest) => {
				requests.push(body);
				return true;
			})
			.reply(200, {
				id: `chatcmpl-${requests.length}`,
				object: 'chat.completion',
				created: 1,
				model: 'gpt-4.1-mini',
				choices: [{ index: 0, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', message }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
	}
	return requests;
}
